/* The server: one h2o event loop per thread, each on its own SO_REUSEPORT
 * listening socket and with its own store connection. */
#ifndef PLAZA_SERVER_H
#define PLAZA_SERVER_H

#include "core/config.h"

#include <openssl/ssl.h>

/* Binds the listening sockets (fixing the port when it was 0) so that the
 * caller can print where plaza listens before serving. 0 on success. */
int server_bind(struct config *cfg);

/* Serves until SIGINT or SIGTERM, then stops the loops, waits briefly for
 * open connections and frees everything. 0 on a clean stop. */
int server_run(const struct config *cfg, SSL_CTX *ssl_ctx);

#endif
