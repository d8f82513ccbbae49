/* The Meeting SDK's view of an app's credentials: an sdkKey is a client id;
 * its secret, kept sealed besides its keyed hash, verifies the HS256 JWTs the
 * app signs, and the environment's tab says whether Embed -> Meeting SDK is
 * on. Production keys work once the app was approved (tabs.c). */
#include "core/config.h"
#include "core/crypto.h"
#include "market/apps_store.h"
#include "market/market.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static int tab_has_sdk(struct db *db, const char *app_id, enum app_env env)
{
    struct app_tab *tab = malloc(sizeof *tab);
    struct perr e = {0};
    if (!tab)
        return -1;
    int rc = app_tab_get(db, app_id, env, tab, &e) == 0 ? tab->meeting_sdk : -1;
    free(tab);
    return rc;
}

int sdk_key_find(struct db *db, const char *client_id, struct sdk_key *out)
{
    memset(out, 0, sizeof *out);
    int rc = credential_store_app(db, client_id, &out->app, &out->env);
    if (rc != 1)
        return rc;
    struct credential_state cs;
    if (app_credential_state(db, out->app.id, out->env, &cs) != 0)
        return -1;
    out->released = cs.released;
    if ((out->meeting_sdk = tab_has_sdk(db, out->app.id, out->env)) < 0)
        return -1;
    char sealed[SECRET_SEALED_MAX];
    rc = credential_store_sealed(db, client_id, sealed, sizeof sealed);
    if (rc < 0)
        return -1;
    out->has_secret = rc == 1 && sealed[0] &&
                      crypto_open(config()->seal_key, sealed, out->secret, sizeof out->secret) == 0;
    return 1;
}

void sdk_key_clear(struct sdk_key *k)
{
    sodium_memzero(k->secret, sizeof k->secret);
}
