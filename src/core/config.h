/* Process-wide settings: filled once at start (flags, environment, keys from
 * the store), read-only afterwards. */
#ifndef PLAZA_CONFIG_H
#define PLAZA_CONFIG_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define CONFIG_DEFAULT_LISTEN "127.0.0.1:8080"
#define CONFIG_DEFAULT_REFRESH_TTL_S (90LL * 24 * 3600)

struct config {
    char listen_host[64];
    int listen_port;
    char db_path[1024];
    char admin_key[128];
    char public_url[512]; /* origin written into URLs clients follow (api_url, join_url) */
    int threads;
    int demo;
    int64_t refresh_ttl_s;
    int admin_key_derived; /* 1 when admin_key was derived from the store's secret */

    /* HTTPS at Zoom's hostnames (tls/, docs/tls.md); port 0 picks a free one */
    int tls_on, proxy_on;
    char tls_listen_host[64];
    int tls_listen_port;
    char proxy_listen_host[64];
    int proxy_listen_port;
    int proxy_pass_through;
    char tls_cert[1024], tls_key[1024]; /* the user's own, else one issued by plaza's CA */

    /* the Marketplace's notifications sent over SMTP (market/mailer.c): smtp:// or smtps:// URL, "" records
     * them only; the sender, "" for marketplace@<the public URL's host> */
    char smtp_url[512];
    char smtp_from[256];

    uint8_t hash_key[32];  /* keys the hashes of client secrets, codes, refresh tokens, sessions */
    uint8_t token_key[64]; /* signs access tokens (HS512) */
    uint8_t seal_key[32];  /* encrypts stored signing secrets (webhook secret tokens) */
    char token_kid[40];
};

const struct config *config(void);
struct config *config_edit(void); /* start-up only, before threads */

/* Defaults, then PLAZA_* environment variables. */
void config_defaults(struct config *c);

/* Parses "host:port" (or ":port" / "port") into the config. 0 on success. */
int config_set_listen(struct config *c, const char *s);

/* Parses "host:port" (or ":port" / "port") into host and port. 0 on success. */
int config_parse_listen(const char *s, char *host, size_t size, int *port);

/* Whether plaza serves Zoom's hostnames (a TLS or proxy listener). */
int config_zoom_hosts(const struct config *c);

/* Loads (creating on first start) the keys kept in the store and derives the
 * admin key when none was given. 0 on success. */
int config_load_keys(struct config *c, struct db *db);

/* Fills public_url from the listening address when none was given (called
 * once the port is known, which matters for port 0). */
void config_finish_public_url(struct config *c);

/* A stable secret derived from the store's key, for demo credentials that
 * survive restarts: base64url(HMAC(hash_key, label)) truncated to `len`. */
void config_derive(const char *label, char *out, unsigned len);

#endif
