/* The "Marketplace permissions" role: an account's owner or admin grants it
 * to a member, who may then create and manage the account's Marketplace apps
 * (submit, withdraw, publish, ask to share) and pre-approve apps for the
 * account, as owners and admins do. plaza's control API acts with the admin
 * key; the rule applies wherever a call names the acting user ("actor"). */
#include "core/clock.h"
#include "market/accounts_store.h"
#include "market/apps_store.h"
#include "market/market.h"

#include <stdio.h>
#include <string.h>

int market_may_manage_apps(struct db *db, const char *account_id, const struct user *u)
{
    if (strcmp(u->account_id, account_id) != 0)
        return 0;
    return u->role != ROLE_MEMBER || permission_store_has(db, account_id, u->id) == 1;
}

int market_may_manage_app(struct db *db, const struct app *a, const struct user *u)
{
    if (market_may_manage_apps(db, a->account_id, u))
        return 1;
    char creator[ID_LEN];
    return strcmp(u->account_id, a->account_id) == 0 && app_store_creator(db, a->id, creator) == 1 &&
           strcmp(creator, u->id) == 0;
}

int app_creator(struct db *db, const char *app_id, char out[ID_LEN]) { return app_store_creator(db, app_id, out); }

int market_refuse_manage(const char *account_id, const struct user *u, const char *field, struct perr *e)
{
    if (strcmp(u->account_id, account_id) != 0) {
        perr_set(e, PERR_FORBIDDEN, "Only users of account %s act on its apps.", account_id);
        perr_field(e, field, "belongs to another account");
    } else {
        perr_set(e, PERR_FORBIDDEN,
                 "User %s is a member without the Marketplace permissions role: an owner or admin of account %s "
                 "grants it (PUT /_plaza/accounts/%s/marketplace-permissions/%s).",
                 u->email, account_id, account_id, u->id);
        perr_field(e, field, "needs the Marketplace permissions role (or to be an owner or admin)");
    }
    e->kind = PERR_FORBIDDEN;
    return -1;
}

/* The operator, or an owner or admin of the account: who grants the role. */
static int granter(struct db *db, const char *account_id, const char *actor, struct market_actor *who, struct perr *e)
{
    struct account acc;
    if (account_get(db, account_id, &acc, e) != 0 || market_actor_resolve(db, actor, "actor", who, e) != 0)
        return -1;
    if (!who->is_operator && (strcmp(who->user.account_id, account_id) != 0 || who->user.role == ROLE_MEMBER)) {
        perr_set(e, PERR_FORBIDDEN, "Only an owner or admin of account %s grants Marketplace permissions.", account_id);
        perr_field(e, "actor", "is not an owner or admin of the account");
        e->kind = PERR_FORBIDDEN;
        return -1;
    }
    return 0;
}

/* The member the role is about: a user of the account. */
static int member_of(struct db *db, const char *account_id, const char *user, struct user *out, struct perr *e)
{
    struct market_actor m;
    if (market_actor_resolve(db, user, "user", &m, e) != 0) {
        if (e->kind == PERR_INVALID)
            e->kind = PERR_NOT_FOUND;
        return -1;
    }
    if (strcmp(m.user.account_id, account_id) != 0)
        return perr_field(e, "user", "is not a user of account %s", account_id);
    *out = m.user;
    return 0;
}

int market_permission_grant(struct db *db, const char *account_id, const char *user, const char *actor,
                            struct user *out, struct perr *e)
{
    struct market_actor who;
    if (granter(db, account_id, actor, &who, e) != 0 || member_of(db, account_id, user, out, e) != 0)
        return -1;
    if (out->role != ROLE_MEMBER)
        return perr_field(e, "user", "is an %s: owners and admins manage apps already", user_role_name(out->role));
    if (permission_store_grant(db, account_id, out->id, market_actor_id(&who), clock_now()) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the Marketplace permissions failed.");
    return 0;
}

int market_permission_revoke(struct db *db, const char *account_id, const char *user, const char *actor,
                             struct perr *e)
{
    struct market_actor who;
    struct user u;
    if (granter(db, account_id, actor, &who, e) != 0 || member_of(db, account_id, user, &u, e) != 0)
        return -1;
    int removed = permission_store_revoke(db, account_id, u.id);
    if (removed < 0)
        return perr_set(e, PERR_INTERNAL, "Removing the Marketplace permissions failed.");
    if (removed == 0)
        return perr_set(e, PERR_NOT_FOUND, "User %s does not have the Marketplace permissions role.", u.id);
    return 0;
}

int market_permission_list(struct db *db, const char *account_id, struct user *out, int max, int *n, struct perr *e)
{
    struct account acc;
    char ids[64][ID_LEN];
    *n = 0;
    if (account_get(db, account_id, &acc, e) != 0)
        return -1;
    if (max > 64)
        max = 64;
    int k = 0;
    if (permission_store_list(db, account_id, ids, max, &k) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing Marketplace permissions failed.");
    for (int i = 0; i < k; i++)
        if (user_find(db, ids[i], &out[*n]) == 1)
            (*n)++;
    return 0;
}
