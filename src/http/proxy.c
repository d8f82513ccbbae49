/* Pass-through tunnels of plaza's proxy (--proxy-pass-through): a CONNECT to
 * a host that is not Zoom's is resolved, connected and copied both ways on a
 * thread of its own with non-blocking sockets and poll(), so a slow name
 * server or a slow peer never holds up an event loop. Each side's end of
 * sending is passed on as a half-close (a client may send its request, shut
 * its writing side and still read the answer). Every wait is cut into slices
 * so that a tunnel notices plaza stopping within one. */
#include "http/proxy.h"
#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SLICE_MS 250         /* the longest a tunnel waits before it looks whether plaza is stopping */
#define FLOW_BUF 16384       /* bytes read from one side before they are written to the other */
#define DIAL_UNRESOLVED (-2) /* dial(): the name does not resolve */

struct tunnel {
    pthread_t tid;
    int client, done;
    char host[256];
    int port;
    char *early; /* bytes the client sent after the CONNECT head */
    size_t nearly;
    struct tunnel *next;
};

static pthread_mutex_t tunnels_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tunnel *tunnels; /* started and not yet joined */
static int ntunnels;
static atomic_int stopping;

/* 1 once fd is ready for `events`, 0 when `ms` passed or plaza is stopping, -1 on error. */
static int wait_for(int fd, short events, int ms)
{
    for (int waited = 0; waited < ms && !atomic_load(&stopping); waited += SLICE_MS) {
        struct pollfd pf = {.fd = fd, .events = events};
        int r = poll(&pf, 1, SLICE_MS);
        if (r > 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return -1;
    }
    return 0;
}

static int would_block(void)
{
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

static int send_all(int fd, const char *b, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
        if (w > 0) {
            b += w;
            n -= (size_t)w;
        } else if (w == 0 || !would_block() || wait_for(fd, POLLOUT, PROXY_TUNNEL_CONNECT_MS) != 1) {
            return -1;
        }
    }
    return 0;
}

static void say(int fd, const char *status, const char *text)
{
    char reply[512];
    int n = snprintf(reply, sizeof reply,
                     "HTTP/1.1 %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n%s",
                     status, strlen(text), text);
    if (n > 0 && (size_t)n < sizeof reply)
        send_all(fd, reply, (size_t)n);
}

/* A connected, non-blocking socket to host:port, each address tried for
 * PROXY_TUNNEL_CONNECT_MS at most; DIAL_UNRESOLVED or -1. getaddrinfo() itself
 * cannot be interrupted: it takes as long as the resolver's own timeout. */
static int dial(const char *host, int port)
{
    char service[8];
    snprintf(service, sizeof service, "%d", port);
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res;
    if (getaddrinfo(host, service, &hints, &res) != 0)
        return DIAL_UNRESOLVED;
    int fd = -1;
    for (struct addrinfo *ai = res; ai && fd < 0 && !atomic_load(&stopping); ai = ai->ai_next) {
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
            continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        int err = errno;
        if (err == EINPROGRESS) {
            socklen_t len = sizeof err;
            if (wait_for(fd, POLLOUT, PROXY_TUNNEL_CONNECT_MS) != 1 ||
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
                err = ETIMEDOUT;
        }
        if (err != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    return fd;
}

/* One direction of a tunnel: bytes read from `from`, not yet all written to `to`. */
struct flow {
    int from, to;
    const char *data;
    size_t len, off;
    int eof;  /* `from` has finished sending */
    int shut; /* ...and that has been passed on to `to` */
    char buf[FLOW_BUF];
};

/* Reads when the flow is empty and `from` is ready; writes what it holds.
 * -1 when a side fails. */
static int flow_step(struct flow *f, short from_events)
{
    if (f->off == f->len && !f->eof && (from_events & (POLLIN | POLLHUP))) {
        ssize_t n = recv(f->from, f->buf, sizeof f->buf, 0);
        if (n > 0) {
            f->data = f->buf;
            f->len = (size_t)n;
            f->off = 0;
        } else if (n == 0) {
            f->eof = 1;
        } else if (!would_block()) {
            return -1;
        }
    }
    if (f->off < f->len) {
        ssize_t w = send(f->to, f->data + f->off, f->len - f->off, MSG_NOSIGNAL);
        if (w > 0)
            f->off += (size_t)w;
        else if (w < 0 && !would_block())
            return -1;
    }
    if (f->eof && f->off == f->len && !f->shut) {
        shutdown(f->to, SHUT_WR);
        f->shut = 1;
    }
    return 0;
}

/* Copies bytes both ways until both sides have finished sending, a side
 * fails, nothing moves for PROXY_TUNNEL_IDLE_MS or plaza stops. */
static void relay(int client, int up, const char *early, size_t nearly)
{
    struct flow *f = calloc(2, sizeof *f);
    if (!f)
        return;
    f[0] = (struct flow){.from = client, .to = up, .data = early, .len = nearly};
    f[1] = (struct flow){.from = up, .to = client};
    int idle = 0;
    while (!atomic_load(&stopping) && idle < PROXY_TUNNEL_IDLE_MS && !(f[0].shut && f[1].shut)) {
        struct pollfd pf[2] = {{.fd = client}, {.fd = up}}; /* f[i] reads pf[i] and writes pf[1 - i] */
        for (int i = 0; i < 2; i++) {
            if (f[i].off < f[i].len)
                pf[1 - i].events |= POLLOUT;
            else if (!f[i].eof)
                pf[i].events |= POLLIN;
        }
        for (int i = 0; i < 2; i++)
            if (!pf[i].events)
                pf[i].fd = -1; /* nothing asked of it: its hang-up is not news yet */
        int r = poll(pf, 2, SLICE_MS);
        if (r < 0 && errno != EINTR)
            break;
        if (r <= 0) {
            idle += r == 0 ? SLICE_MS : 0;
            continue;
        }
        idle = 0;
        if ((pf[0].revents | pf[1].revents) & (POLLERR | POLLNVAL))
            break;
        if (flow_step(&f[0], pf[0].revents) != 0 || flow_step(&f[1], pf[1].revents) != 0)
            break;
    }
    free(f);
}

static void *tunnel_main(void *arg)
{
    struct tunnel *tn = arg;
    int up = dial(tn->host, tn->port);
    if (up == DIAL_UNRESOLVED) {
        log_info("proxy: CONNECT %s:%d failed: the name does not resolve", tn->host, tn->port);
        say(tn->client, "502 Bad Gateway", "plaza's proxy could not resolve that host.\n");
    } else if (up < 0) {
        log_info("proxy: CONNECT %s:%d failed: no connection", tn->host, tn->port);
        say(tn->client, "502 Bad Gateway", "plaza's proxy could not connect there.\n");
    } else if (send_all(tn->client, "HTTP/1.1 200 Connection Established\r\n\r\n", 39) == 0) {
        log_debug("proxy: tunnel to %s:%d", tn->host, tn->port);
        relay(tn->client, up, tn->early, tn->nearly);
    }
    if (up >= 0)
        close(up);
    close(tn->client);
    free(tn->early);
    tn->early = NULL;
    pthread_mutex_lock(&tunnels_lock);
    tn->done = 1;
    pthread_mutex_unlock(&tunnels_lock);
    return NULL;
}

/* Joins the tunnels that ended; with `all`, waits for every one. Locked by the caller. */
static void tunnels_reap(int all)
{
    for (struct tunnel **pp = &tunnels; *pp;) {
        struct tunnel *tn = *pp;
        if (!tn->done && !all) {
            pp = &tn->next;
            continue;
        }
        *pp = tn->next;
        pthread_mutex_unlock(&tunnels_lock);
        pthread_join(tn->tid, NULL);
        pthread_mutex_lock(&tunnels_lock);
        free(tn);
        ntunnels--;
        pp = &tunnels; /* the list may have changed while unlocked */
    }
}

int proxy_tunnel_start(h2o_socket_t *sock, const char *host, int port)
{
    pthread_mutex_lock(&tunnels_lock);
    tunnels_reap(0);
    int full = ntunnels >= PROXY_TUNNELS_MAX || atomic_load(&stopping);
    pthread_mutex_unlock(&tunnels_lock);
    struct tunnel *tn = full ? NULL : calloc(1, sizeof *tn);
    if (!tn)
        return -1;
    snprintf(tn->host, sizeof tn->host, "%s", host);
    tn->port = port;
    h2o_socket_read_stop(sock);
    h2o_socket_export_t info;
    if (h2o_socket_export(sock, &info) != 0) { /* never in h2o 2.2.5's evloop; the socket is the caller's */
        free(tn);
        return -1;
    }
    if (info.input->size && (tn->early = malloc(info.input->size))) {
        memcpy(tn->early, info.input->bytes, info.input->size);
        tn->nearly = info.input->size;
    }
    tn->client = fcntl(info.fd, F_DUPFD_CLOEXEC, 0); /* non-blocking, as h2o made it */
    h2o_socket_dispose_export(&info);
    pthread_mutex_lock(&tunnels_lock);
    int ok = tn->client >= 0 && pthread_create(&tn->tid, NULL, tunnel_main, tn) == 0;
    if (ok) {
        tn->next = tunnels;
        tunnels = tn;
        ntunnels++;
    }
    pthread_mutex_unlock(&tunnels_lock);
    if (!ok) {
        log_error("proxy: no tunnel to %s:%d: %s", host, port, strerror(errno));
        if (tn->client >= 0)
            close(tn->client);
        free(tn->early);
        free(tn);
    }
    return 0;
}

void proxy_tunnels_stop(void)
{
    atomic_store(&stopping, 1);
}

void proxy_tunnels_join(void)
{
    atomic_store(&stopping, 1);
    pthread_mutex_lock(&tunnels_lock);
    tunnels_reap(1);
    pthread_mutex_unlock(&tunnels_lock);
}
