/* HTTPS at Zoom's hostnames: plaza's local certificate authority, the
 * certificate it issues for zoom.us and its subdomains, or the user's own. */
#ifndef PLAZA_TLS_H
#define PLAZA_TLS_H

#include <openssl/ssl.h>
#include <stddef.h>

struct db;
struct config;

#define TLS_LEAF_DAYS 180     /* under the 200 days browsers accept from March 2026 */
#define TLS_CA_DAYS (10 * 365)

/* The server's TLS context, made once at start before the loops: the user's
 * --tls-cert/--tls-key (checked: readable, key matches, not expired, not yet
 * valid) or a certificate issued by plaza's CA for zoom.us, api.zoom.us,
 * marketplace.zoom.us, *.zoom.us, localhost, 127.0.0.1, ::1 and the public
 * URL's host. ALPN offers http/1.1. A ClientHello whose SNI name the
 * certificate does not cover is refused with the unrecognized_name alert.
 * NULL with a one-line reason in err when it cannot be made. */
SSL_CTX *tls_server_context(struct db *db, const struct config *cfg, char *err, size_t errsize);

/* The CA certificate as PEM (the caller frees), creating the CA if the store
 * has none; NULL when the store or OpenSSL fails. */
char *tls_ca_pem(struct db *db);

/* Whether host (lower-case, no port) is one of Zoom's: zoom.us or a name under it. */
int tls_is_zoom_host(const char *host);

#endif
