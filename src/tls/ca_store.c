/* The statements on table tls_ca. */
#include "tls/ca_store.h"
#include "core/db.h"

#include <stdlib.h>
#include <string.h>

int ca_store_add(struct db *db, const char *cert_pem, const char *key_pem, int64_t created_at)
{
    return db_run(db,
                  "INSERT INTO tls_ca (id, cert_pem, key_pem, created_at) VALUES (1, ?, ?, ?) "
                  "ON CONFLICT (id) DO NOTHING",
                  "ssi", cert_pem, key_pem, created_at) == DB_DONE
               ? 0
               : -1;
}

int ca_store_get(struct db *db, char **cert_pem, char **key_pem)
{
    struct db_stmt *st = db_query(db, "SELECT cert_pem, key_pem FROM tls_ca WHERE id = 1", "");
    if (!st)
        return -1;
    int step = db_step(st);
    if (step == DB_ROW) {
        if (cert_pem)
            *cert_pem = strdup(db_text(st, 0));
        if (key_pem)
            *key_pem = strdup(db_text(st, 1));
    }
    db_done(st);
    return step == DB_ROW ? 1 : step == DB_DONE ? 0 : -1;
}
