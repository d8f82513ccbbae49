/* Event loops, listening sockets, and an orderly stop. Each thread runs an h2o
 * evloop with its own context and store connection; requests are handled to
 * completion on the thread that accepted them (http/dispatch.c). */
#include "http/server.h"
#include "core/db.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/tcache.h"
#include "http/dispatch.h"
#include "http/prelude.h"
#include "http/proxy.h"
#include "http/router.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_THREADS 64
#define LOOP_TICK_MS 100      /* how often a loop looks at the stop flag */
#define DRAIN_TIMEOUT_MS 2000 /* how long open connections get to finish at stop */

static h2o_globalconf_t globalconf;
static struct http_thread threads[MAX_THREADS];
static int listen_fds[MAX_THREADS], tls_fds[MAX_THREADS], proxy_fds[MAX_THREADS];
static int nthreads;
static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static int open_listener(const char *host, int *port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)*port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *res;
        if (getaddrinfo(host, NULL, &hints, &res) != 0) {
            log_error("server: cannot resolve %s", host);
            return -1;
        }
        addr.sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
        freeaddrinfo(res);
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, SOMAXCONN) != 0) {
        log_error("server: cannot listen on %s:%d: %s%s", host, *port, strerror(errno),
                  errno == EACCES && *port < 1024 ? " (ports below 1024 need CAP_NET_BIND_SERVICE: see docs/tls.md)"
                                                  : "");
        close(fd);
        return -1;
    }
    if (*port == 0) {
        socklen_t len = sizeof addr;
        getsockname(fd, (struct sockaddr *)&addr, &len);
        *port = ntohs(addr.sin_port);
    }
    return fd;
}

static void close_all(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

/* One socket per thread on host:port (SO_REUSEPORT), fixing port when it is 0. */
static int bind_each(const char *host, int *port, int *fds)
{
    for (int i = 0; i < nthreads; i++)
        if ((fds[i] = open_listener(host, port)) < 0) {
            close_all(fds, i);
            return -1;
        }
    return 0;
}

int server_bind(struct config *cfg)
{
    nthreads = cfg->threads < 1 ? 1 : cfg->threads > MAX_THREADS ? MAX_THREADS : cfg->threads;
    for (int i = 0; i < MAX_THREADS; i++)
        listen_fds[i] = tls_fds[i] = proxy_fds[i] = -1;
    if (bind_each(cfg->listen_host, &cfg->listen_port, listen_fds) != 0)
        return -1;
    if (cfg->tls_on && bind_each(cfg->tls_listen_host, &cfg->tls_listen_port, tls_fds) != 0) {
        close_all(listen_fds, nthreads);
        return -1;
    }
    if (cfg->proxy_on && bind_each(cfg->proxy_listen_host, &cfg->proxy_listen_port, proxy_fds) != 0) {
        close_all(listen_fds, nthreads);
        close_all(tls_fds, nthreads);
        return -1;
    }
    return 0;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    if (err)
        return;
    struct http_thread *t = listener->data;
    for (int i = 0; i < 16; i++) { /* a few per wake-up, fairly shared with the other loops */
        h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
        if (!sock)
            return;
        h2o_accept(&t->accept_ctx, sock);
    }
}

/* The TLS and proxy ports: their first bytes are read by prelude.c. */
static void on_accept_prelude(h2o_socket_t *listener, const char *err)
{
    if (err)
        return;
    struct http_thread *t = listener->data;
    enum prelude_kind kind = listener == t->tls_listener ? PRELUDE_TLS : PRELUDE_PROXY;
    for (int i = 0; i < 16; i++) {
        h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
        if (!sock)
            return;
        prelude_start(t, sock, kind);
    }
}

static h2o_socket_t *listen_on(struct http_thread *t, int fd, h2o_socket_cb cb)
{
    if (fd < 0)
        return NULL;
    h2o_socket_t *l = h2o_evloop_socket_create(t->ctx.loop, fd, H2O_SOCKET_FLAG_DONT_READ);
    l->data = t;
    h2o_socket_read_start(l, cb);
    return l;
}

static void listen_stop(h2o_socket_t **l)
{
    if (!*l)
        return;
    h2o_socket_read_stop(*l);
    h2o_socket_close(*l);
    *l = NULL;
}

/* h2o 2.2.5 reads a request's whole body before it calls plaza, and has one
 * bound for every request: a Content-Length over it is refused (413, closing)
 * before any of the body is read, a chunked body as soon as it grows past it.
 * That bound is the largest route's; each route's own is checked in
 * dispatch.c when the request arrives there. */
static size_t largest_body(void)
{
    size_t max = 0;
    for (size_t i = 0; i < routes_count; i++)
        if (route_max_body(&routes[i]) > max)
            max = route_max_body(&routes[i]);
    return max;
}

static int connections_open(h2o_context_t *ctx)
{
    return !h2o_linklist_is_empty(&ctx->http1._conns) || !h2o_linklist_is_empty(&ctx->http2._conns) ||
           !h2o_linklist_is_empty(&ctx->handshake_timeout._entries);
}

/* Idle keep-alive connections would wait for their timeout; end their reading
 * side so that the loop sees end-of-file and closes them now. */
static int close_idle(h2o_req_t *req, void *cbdata)
{
    (void)cbdata;
    h2o_socket_t *sock = req->conn && req->conn->callbacks->get_socket ? req->conn->callbacks->get_socket(req->conn)
                                                                       : NULL;
    if (sock)
        shutdown(h2o_socket_get_fd(sock), SHUT_RD);
    return 0;
}

/* TLS handshakes still under way (no request yet, none to finish): their
 * timeouts fire now, which closes them, rather than holding the stop until
 * they time out. */
static void end_handshakes(struct http_thread *t)
{
    if (!h2o_linklist_is_empty(&t->ctx.handshake_timeout._entries))
        h2o_timeout_run(t->ctx.loop, &t->ctx.handshake_timeout, UINT64_MAX / 2);
}

static void *thread_main(void *arg)
{
    struct http_thread *t = arg;
    h2o_evloop_t *loop = t->ctx.loop;

    prelude_init(t);
    t->listener = listen_on(t, t->fd, on_accept);
    t->tls_listener = listen_on(t, t->tls_fd, on_accept_prelude);
    t->proxy_listener = listen_on(t, t->proxy_fd, on_accept_prelude);

    while (!stopping)
        h2o_evloop_run(loop, LOOP_TICK_MS);

    /* stop accepting, ask open connections to close, give them a moment */
    listen_stop(&t->listener);
    listen_stop(&t->tls_listener);
    listen_stop(&t->proxy_listener);
    prelude_stop(t);
    h2o_context_request_shutdown(&t->ctx);
    if (globalconf.http1.callbacks.foreach_request)
        globalconf.http1.callbacks.foreach_request(&t->ctx, close_idle, NULL);
    end_handshakes(t);
    for (int waited = 0; connections_open(&t->ctx) && waited < DRAIN_TIMEOUT_MS; waited += 10)
        h2o_evloop_run(loop, 10);
    if (connections_open(&t->ctx))
        log_warn("server: connections still open at stop");
    end_handshakes(t);
    dispatch_timers_dispose(t);
    tcache_thread_free();
    /* HTTP/2's graceful-shutdown timer is no longer needed once connections are gone */
    if (h2o_timeout_is_linked(&t->ctx.http2._graceful_shutdown_timeout))
        h2o_timeout_unlink(&t->ctx.http2._graceful_shutdown_timeout);
    return NULL;
}

int server_run(const struct config *cfg, SSL_CTX *ssl_ctx)
{
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    h2o_config_init(&globalconf);
    globalconf.max_request_entity_size = largest_body();
    /* no HTTP/2 over cleartext: an `Upgrade: h2c` request would go on as an
     * HTTP/2 stream, past the HTTP/1 framing checks of dispatch.c */
    globalconf.http1.upgrade_to_http2 = 0;
    globalconf.server_name = h2o_iovec_init(H2O_STRLIT("plaza"));
    h2o_hostconf_t *host = h2o_config_register_host(&globalconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *path = h2o_config_register_path(host, "/", 0);
    h2o_handler_t *handler = h2o_create_handler(path, sizeof *handler);
    handler->on_req = dispatch_request;

    int rc = 0, started = 0;
    for (int i = 0; i < nthreads; i++) {
        struct http_thread *t = &threads[i];
        memset(t, 0, sizeof *t);
        t->fd = listen_fds[i];
        t->tls_fd = tls_fds[i];
        t->proxy_fd = proxy_fds[i];
        t->index = i;
        if (db_open(&t->db, cfg->db_path) != DB_DONE || !(t->metrics = metrics_thread_new())) {
            rc = -1;
            break;
        }
        h2o_context_init(&t->ctx, h2o_evloop_create(), &globalconf);
        t->accept_ctx.ctx = &t->ctx;
        t->accept_ctx.hosts = globalconf.hosts;
        t->tls_accept_ctx = t->accept_ctx;
        t->tls_accept_ctx.ssl_ctx = ssl_ctx;
        if (pthread_create(&t->tid, NULL, thread_main, t) != 0) {
            h2o_context_dispose(&t->ctx);
            h2o_evloop_destroy(t->ctx.loop);
            rc = -1;
            break;
        }
        started++;
    }
    if (rc != 0)
        stopping = 1;

    for (int i = 0; i < started; i++) {
        struct http_thread *t = &threads[i];
        pthread_join(t->tid, NULL);
        h2o_evloop_t *loop = t->ctx.loop;
        h2o_context_dispose(&t->ctx);
        h2o_evloop_destroy(loop);
    }
    proxy_tunnels_join();
    for (int i = 0; i < nthreads; i++) {
        db_close(threads[i].db);
        if (i >= started) {
            close(listen_fds[i]);
            if (tls_fds[i] >= 0)
                close(tls_fds[i]);
            if (proxy_fds[i] >= 0)
                close(proxy_fds[i]);
        }
    }
    h2o_config_dispose(&globalconf);
    return rc;
}
