/* The proxy's tunnels to hosts other than Zoom's (--proxy-pass-through): each
 * runs on a thread of its own, outside the event loops, so that resolving a
 * name, connecting and copying bytes never hold up a loop. */
#ifndef PLAZA_PROXY_H
#define PLAZA_PROXY_H

#include <h2o.h>

#define PROXY_TUNNELS_MAX 64                   /* open at once; past that, 503 */
#define PROXY_TUNNEL_IDLE_MS (5 * 60 * 1000)   /* no byte either way for this long ends a tunnel */
#define PROXY_TUNNEL_CONNECT_MS 10000          /* to connect to the host, and to write a reply */

/* Takes the client's socket, whose CONNECT head for host:port has been
 * consumed (what the client sent after it is forwarded first), and tunnels it
 * on a new thread: 200 once connected, 502 when the name does not resolve or
 * the host cannot be reached. 0 when the tunnel owns the socket (closed or
 * not, it is gone); -1 when PROXY_TUNNELS_MAX are open or plaza is stopping,
 * and the socket is the caller's still. */
int proxy_tunnel_start(h2o_socket_t *sock, const char *host, int port);

/* Makes every tunnel end within a moment and refuses new ones (at stop). */
void proxy_tunnels_stop(void);

/* Waits for every tunnel to end (once the loops have stopped). */
void proxy_tunnels_join(void);

#endif
