/* The store of plaza's certificate authority: table tls_ca, one row shared
 * by every node of a store. */
#ifndef PLAZA_CA_STORE_H
#define PLAZA_CA_STORE_H

#include <stdint.h>

struct db;

/* Stores the CA unless another node or thread stored one first. 0, or -1 when the store failed. */
int ca_store_add(struct db *db, const char *cert_pem, const char *key_pem, int64_t created_at);

/* Copies the stored CA's certificate and key (each as new strings the caller
 * frees; a NULL pointer skips it; a copy that could not be made is NULL): 1
 * when there is one, 0 when the store has none, -1 when it failed. */
int ca_store_get(struct db *db, char **cert_pem, char **key_pem);

#endif
