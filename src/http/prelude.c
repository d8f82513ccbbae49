/* The TLS port's first byte and the proxy port's CONNECT head, read on the
 * thread's loop with a deadline before the socket goes on to h2o (TLS, then
 * plaza's routes) or is refused. The CONNECT head is parsed by picohttpparser,
 * which h2o ships. Tunnels to other hosts (--proxy-pass-through) are proxy.c's. */
#include "http/prelude.h"
#include "http/pico.h"
#include "http/proxy.h"
#include "core/config.h"
#include "core/log.h"
#include "tls/tls.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

struct prelude {
    h2o_socket_t *sock;
    struct http_thread *t;
    enum prelude_kind kind;
    h2o_timeout_entry_t timeout;
    h2o_linklist_t link;
    char reply[512];
};

void prelude_init(struct http_thread *t)
{
    h2o_timeout_init(t->ctx.loop, &t->prelude_timeout, PRELUDE_TIMEOUT_MS);
    h2o_linklist_init_anchor(&t->preludes);
}

static void prelude_free(struct prelude *p)
{
    if (h2o_timeout_is_linked(&p->timeout))
        h2o_timeout_unlink(&p->timeout);
    if (h2o_linklist_is_linked(&p->link))
        h2o_linklist_unlink(&p->link);
    if (p->sock)
        p->sock->data = NULL;
    free(p);
}

/* The socket leaves the prelude (to h2o, or to a tunnel); the socket stays open. */
static h2o_socket_t *detach(struct prelude *p)
{
    h2o_socket_t *sock = p->sock;
    h2o_socket_read_stop(sock);
    p->sock = NULL;
    sock->data = NULL;
    prelude_free(p);
    return sock;
}

static void close_now(struct prelude *p)
{
    h2o_socket_t *sock = p->sock;
    p->sock = NULL;
    prelude_free(p);
    h2o_socket_close(sock);
}

static void on_timeout(h2o_timeout_entry_t *entry)
{
    close_now(H2O_STRUCT_FROM_MEMBER(struct prelude, timeout, entry));
}

static void on_reply_sent(h2o_socket_t *sock, const char *err)
{
    (void)err;
    struct prelude *p = sock->data;
    if (p)
        close_now(p);
}

/* Answers with status and a text body, then closes. */
static void refuse(struct prelude *p, const char *status, const char *fmt, ...)
{
    char body[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    int n = snprintf(p->reply, sizeof p->reply,
                     "HTTP/1.1 %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n%s",
                     status, strlen(body), body);
    h2o_socket_read_stop(p->sock);
    h2o_iovec_t buf = h2o_iovec_init(p->reply, n > 0 && (size_t)n < sizeof p->reply ? (size_t)n : 0);
    h2o_socket_write(p->sock, &buf, 1, on_reply_sent);
}

/* ---- the TLS port ------------------------------------------------------- */

int prelude_https_origin(const char *host, size_t n, int tls_port, char *out, size_t size)
{
    char given[300], name[256];
    int port;
    if (n == 0 || n >= 256)
        return -1;
    int has_port = host[0] == '[' ? host[n - 1] != ']' : memchr(host, ':', n) != NULL;
    int len = snprintf(given, sizeof given, has_port ? "%.*s" : "%.*s:%d", (int)n, host, tls_port);
    if (len < 0 || (size_t)len >= sizeof given || prelude_authority(given, (size_t)len, name, sizeof name, &port) != 0 ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-.:") != strlen(name))
        return -1;
    len = snprintf(out, size, strchr(name, ':') ? "[%s]:%d" : "%s:%d", name, port);
    return len > 0 && (size_t)len < size ? 0 : -1;
}

/* Where a plain-HTTP client should have gone: the Host it asked for when the
 * head came whole, else the address it reached (not 0.0.0.0 when plaza
 * listens on every address), at the TLS port. */
static void https_origin(h2o_socket_t *sock, char *out, size_t size)
{
    const struct config *c = config();
    const char *method, *path;
    size_t method_len, path_len, nheaders = 32;
    int minor;
    struct phr_header headers[32];
    int n = phr_parse_request(sock->input->bytes, sock->input->size, &method, &method_len, &path, &path_len, &minor,
                              headers, &nheaders, 0);
    for (size_t i = 0; n > 0 && i < nheaders; i++)
        if (headers[i].name_len == 4 && strncasecmp(headers[i].name, "host", 4) == 0 &&
            prelude_https_origin(headers[i].value, headers[i].value_len, c->tls_listen_port, out, size) == 0)
            return;
    struct sockaddr_storage ss;
    char addr[sizeof c->tls_listen_host] = "";
    _Static_assert(sizeof addr >= INET6_ADDRSTRLEN, "room for an address");
    if (h2o_socket_getsockname(sock, (struct sockaddr *)&ss) != 0) {
        if (ss.ss_family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, addr, sizeof addr);
        else if (ss.ss_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, addr, sizeof addr);
    }
    if (!addr[0])
        snprintf(addr, sizeof addr, "%s", c->tls_listen_host);
    snprintf(out, size, strchr(addr, ':') ? "[%s]:%d" : "%s:%d", addr, c->tls_listen_port);
}

static void on_first_bytes(struct prelude *p)
{
    h2o_socket_t *sock = p->sock;
    if (sock->input->size == 0)
        return;
    if ((unsigned char)sock->input->bytes[0] == 0x16) { /* a TLS handshake record */
        struct http_thread *t = p->t;
        h2o_accept(&t->tls_accept_ctx, detach(p)); /* what was read goes to the handshake */
        return;
    }
    char origin[300];
    https_origin(sock, origin, sizeof origin);
    refuse(p, "400 Bad Request", "This port speaks HTTPS: use https://%s/\n", origin);
}

/* ---- the proxy ---------------------------------------------------------- */

int prelude_authority(const char *s, size_t n, char *host, size_t size, int *port)
{
    const char *colon, *h = s;
    size_t hn;
    if (n > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (!close || (size_t)(close - s) + 1 >= n || close[1] != ':')
            return -1;
        h = s + 1;
        hn = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = NULL;
        for (size_t i = 0; i < n; i++)
            if (s[i] == ':')
                colon = s + i;
        if (!colon)
            return -1;
        hn = (size_t)(colon - s);
        if (memchr(s, ':', hn))
            return -1; /* an IPv6 address must be bracketed */
    }
    size_t pn = n - (size_t)(colon + 1 - s);
    if (pn == 0 || pn > 5 || hn == 0 || hn >= size)
        return -1;
    long p = 0;
    for (size_t i = 0; i < pn; i++) {
        char ch = colon[1 + i];
        if (ch < '0' || ch > '9')
            return -1;
        p = p * 10 + (ch - '0');
    }
    if (p < 1 || p > 65535)
        return -1;
    for (size_t i = 0; i < hn; i++) {
        unsigned char ch = (unsigned char)h[i];
        if (ch <= ' ' || ch >= 0x7f || strchr("/?#@\\\"'<>", ch))
            return -1;
        host[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    if (host[hn - 1] == '.')
        hn--; /* the root's dot: "zoom.us." is zoom.us */
    host[hn] = '\0';
    if (hn == 0 || host[0] == '.' || host[hn - 1] == '.' || strstr(host, ".."))
        return -1; /* an empty label names nothing */
    *port = (int)p;
    return 0;
}

static void on_connected_sent(h2o_socket_t *sock, const char *err)
{
    struct prelude *p = sock->data;
    if (!p)
        return;
    if (err) {
        close_now(p);
        return;
    }
    struct http_thread *t = p->t;
    h2o_accept(&t->tls_accept_ctx, detach(p)); /* TLS with plaza's certificate, then plaza's routes */
}

static void on_connect_head(struct prelude *p)
{
    h2o_socket_t *sock = p->sock;
    const char *method, *path;
    size_t method_len, path_len, nheaders = 64;
    int minor;
    struct phr_header headers[64];
    int n = phr_parse_request(sock->input->bytes, sock->input->size, &method, &method_len, &path, &path_len, &minor,
                              headers, &nheaders, 0);
    if (n == -2 || n > PRELUDE_HEAD_MAX) { /* a whole head read at once is bounded too */
        if (sock->input->size > PRELUDE_HEAD_MAX) {
            log_info("proxy: refused a request head larger than %d bytes", PRELUDE_HEAD_MAX);
            refuse(p, "431 Request Header Fields Too Large", "The request head is larger than %d bytes.\n",
                   PRELUDE_HEAD_MAX);
        }
        return;
    }
    if (n < 0) {
        log_info("proxy: refused a request that is not HTTP");
        refuse(p, "400 Bad Request", "plaza's proxy could not read this request.\n");
        return;
    }
    if (method_len != 7 || memcmp(method, "CONNECT", 7) != 0) {
        log_info("proxy: refused %.*s %.*s: not CONNECT", (int)(method_len > 16 ? 16 : method_len), method,
                 (int)(path_len > 200 ? 200 : path_len), path);
        refuse(p, "405 Method Not Allowed",
               "plaza's proxy only tunnels HTTPS: it answers CONNECT host:443 (HTTPS_PROXY), not %.*s.\n",
               (int)(method_len > 16 ? 16 : method_len), method);
        return;
    }
    char host[256];
    int port;
    if (prelude_authority(path, path_len, host, sizeof host, &port) != 0) {
        log_info("proxy: refused CONNECT %.*s: not host:port", (int)(path_len > 200 ? 200 : path_len), path);
        refuse(p, "400 Bad Request", "CONNECT wants host:port, got '%.*s'.\n", (int)(path_len > 80 ? 80 : path_len),
               path);
        return;
    }
    h2o_buffer_consume(&sock->input, (size_t)n); /* what follows the head belongs to the tunnel */
    if (tls_is_zoom_host(host)) {
        h2o_socket_read_stop(sock);
        static const char ok[] = "HTTP/1.1 200 Connection Established\r\n\r\n";
        h2o_iovec_t buf = h2o_iovec_init(ok, sizeof ok - 1);
        h2o_socket_write(sock, &buf, 1, on_connected_sent);
        return;
    }
    if (!config()->proxy_pass_through) {
        log_info("proxy: refused CONNECT %s:%d: not one of Zoom's hosts", host, port);
        refuse(p, "403 Forbidden",
               "plaza's proxy serves Zoom's hosts only (zoom.us and *.zoom.us), not %s. "
               "Start plaza with --proxy-pass-through to tunnel other hosts unchanged.\n",
               host);
        return;
    }
    if (proxy_tunnel_start(sock, host, port) != 0) {
        log_info("proxy: refused CONNECT %s:%d: no tunnel can be opened now (%d at most)", host, port,
                 PROXY_TUNNELS_MAX);
        refuse(p, "503 Service Unavailable", "plaza's proxy cannot open another tunnel now (%d at most); try again.\n",
               PROXY_TUNNELS_MAX);
        return;
    }
    p->sock = NULL; /* exported: the tunnel owns the connection now */
    prelude_free(p);
}

/* ---- both --------------------------------------------------------------- */

static void on_read(h2o_socket_t *sock, const char *err)
{
    struct prelude *p = sock->data;
    if (!p)
        return;
    if (err) {
        close_now(p);
        return;
    }
    if (p->kind == PRELUDE_TLS)
        on_first_bytes(p);
    else
        on_connect_head(p);
}

void prelude_start(struct http_thread *t, h2o_socket_t *sock, enum prelude_kind kind)
{
    struct prelude *p = calloc(1, sizeof *p);
    if (!p) {
        h2o_socket_close(sock);
        return;
    }
    p->sock = sock;
    p->t = t;
    p->kind = kind;
    p->timeout.cb = on_timeout;
    sock->data = p;
    h2o_linklist_insert(&t->preludes, &p->link);
    h2o_timeout_link(t->ctx.loop, &t->prelude_timeout, &p->timeout);
    h2o_socket_read_start(sock, on_read);
}

void prelude_stop(struct http_thread *t)
{
    proxy_tunnels_stop(); /* no new tunnels from any loop; open ones end within a moment */
    while (!h2o_linklist_is_empty(&t->preludes))
        close_now(H2O_STRUCT_FROM_MEMBER(struct prelude, link, t->preludes.next));
    h2o_timeout_dispose(t->ctx.loop, &t->prelude_timeout);
}
