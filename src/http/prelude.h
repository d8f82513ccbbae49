/* What comes before HTTP on plaza's other ports: the first byte on the TLS
 * port (a handshake goes on to TLS, plain HTTP is told to use https), and the
 * CONNECT head on the proxy port (Zoom's hosts go on to TLS with plaza's
 * certificate, others are refused or, with --proxy-pass-through, tunnelled). */
#ifndef PLAZA_PRELUDE_H
#define PLAZA_PRELUDE_H

#include "http/dispatch.h"

#define PRELUDE_TIMEOUT_MS 10000 /* for the first byte or the CONNECT head */
#define PRELUDE_HEAD_MAX 8192    /* a CONNECT head larger than this is refused */

enum prelude_kind { PRELUDE_TLS, PRELUDE_PROXY };

/* Sets up the thread's prelude state (before its loop runs). */
void prelude_init(struct http_thread *t);

/* Takes an accepted socket of the TLS or proxy port. */
void prelude_start(struct http_thread *t, h2o_socket_t *sock, enum prelude_kind kind);

/* Closes every socket of the thread still in its prelude and stops new
 * tunnels (at stop, before the context is disposed). */
void prelude_stop(struct http_thread *t);

/* Parses a CONNECT target "host:port" ("[v6]:port" too) into a lower-case host
 * without a trailing dot and a port. 0 on success. */
int prelude_authority(const char *s, size_t n, char *host, size_t size, int *port);

/* The origin "host:port" ("[v6]:port") of https URLs for a request whose Host
 * header is host (n bytes): lower-case, with tls_port when it names no port.
 * -1 when the Host is not a plain name or address. */
int prelude_https_origin(const char *host, size_t n, int tls_port, char *out, size_t size);

#endif
