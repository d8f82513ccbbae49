/* Who acts on the Marketplace: the operator (admin key) or a named plaza
 * user, and the users who hold the plaza-wide reviewer and operator roles. */
#include "core/clock.h"
#include "market/accounts_store.h"
#include "market/market.h"

#include <stdio.h>
#include <string.h>

int market_actor_resolve(struct db *db, const char *id_or_email, const char *field, struct market_actor *out,
                         struct perr *e)
{
    memset(out, 0, sizeof *out);
    if (!id_or_email) {
        out->is_operator = 1;
        return 0;
    }
    int found = strlen(id_or_email) <= USER_EMAIL_MAX ? user_find(db, id_or_email, &out->user) : 0;
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the user failed.");
    if (found == 0)
        return perr_field(e, field, "no user %.80s", id_or_email);
    return 0;
}

const char *market_actor_id(const struct market_actor *a) { return a->is_operator ? "operator" : a->user.id; }

static const char *const role_names[] = {"reviewer", "operator"};

int plaza_role_is(struct db *db, enum plaza_role role, const char *user_id)
{
    return role_store_has(db, role, user_id) == 1;
}

int plaza_role_add(struct db *db, enum plaza_role role, const char *user, struct user *out, struct perr *e)
{
    struct market_actor a;
    if (market_actor_resolve(db, user, "user", &a, e) != 0) {
        if (e->kind == PERR_INVALID)
            e->kind = PERR_NOT_FOUND;
        return -1;
    }
    if (role_store_add(db, role, a.user.id, clock_now()) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the %s failed.", role_names[role]);
    *out = a.user;
    return 0;
}

int plaza_role_remove(struct db *db, enum plaza_role role, const char *user, struct perr *e)
{
    struct market_actor a;
    if (market_actor_resolve(db, user, "user", &a, e) != 0) {
        if (e->kind == PERR_INVALID)
            e->kind = PERR_NOT_FOUND;
        return -1;
    }
    if (!plaza_role_is(db, role, a.user.id))
        return perr_set(e, PERR_NOT_FOUND, "User %s is not a%s %s.", a.user.id, role == PLAZA_OPERATOR ? "n" : "",
                        role_names[role]);
    if (role_store_remove(db, role, a.user.id) != 0)
        return perr_set(e, PERR_INTERNAL, "Removing the %s failed.", role_names[role]);
    return 0;
}

int plaza_role_list(struct db *db, enum plaza_role role, struct user *out, int max, int *n, struct perr *e)
{
    *n = 0;
    char ids[64][ID_LEN];
    int k = 0;
    if (role_store_list(db, role, ids, max < 64 ? max : 64, &k) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing %ss failed.", role_names[role]);
    for (int i = 0; i < k; i++)
        if (user_find(db, ids[i], &out[*n]) == 1)
            (*n)++;
    return 0;
}
