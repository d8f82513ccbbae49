/* Who acts on the Marketplace: the operator (admin key) or a named plaza
 * user, and the users who hold the reviewer role. */
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

int reviewer_is(struct db *db, const char *user_id)
{
    return reviewer_store_has(db, user_id) == 1;
}

int reviewer_add(struct db *db, const char *user, struct user *out, struct perr *e)
{
    struct market_actor a;
    if (market_actor_resolve(db, user, "user", &a, e) != 0) {
        if (e->kind == PERR_INVALID)
            e->kind = PERR_NOT_FOUND;
        return -1;
    }
    if (reviewer_store_add(db, a.user.id, clock_now()) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the reviewer failed.");
    *out = a.user;
    return 0;
}

int reviewer_remove(struct db *db, const char *user, struct perr *e)
{
    struct market_actor a;
    if (market_actor_resolve(db, user, "user", &a, e) != 0) {
        if (e->kind == PERR_INVALID)
            e->kind = PERR_NOT_FOUND;
        return -1;
    }
    if (!reviewer_is(db, a.user.id))
        return perr_set(e, PERR_NOT_FOUND, "User %s is not a reviewer.", a.user.id);
    if (reviewer_store_remove(db, a.user.id) != 0)
        return perr_set(e, PERR_INTERNAL, "Removing the reviewer failed.");
    return 0;
}

int reviewer_list(struct db *db, struct user *out, int max, int *n, struct perr *e)
{
    *n = 0;
    char ids[64][ID_LEN];
    int k = 0;
    if (reviewer_store_list(db, ids, max < 64 ? max : 64, &k) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing reviewers failed.");
    for (int i = 0; i < k; i++)
        if (user_find(db, ids[i], &out[*n]) == 1)
            (*n)++;
    return 0;
}
