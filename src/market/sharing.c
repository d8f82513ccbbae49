/* Private sharing outside the developer's account: a request (will the app
 * be published, how many customers, what type, how long, why) that the
 * operator approves or denies. An approval opens a window (30 days unless
 * the operator says otherwise) in which other accounts may install through
 * the development credentials; rules.c reads it. The operator can close
 * requests altogether (market settings). */
#include "core/clock.h"
#include "core/db.h"
#include "market/market.h"
#include "market/sharing_store.h"

#include <stdio.h>
#include <string.h>

#define SHARE_DAYS_MAX 365
#define SHARE_CUSTOMERS_MAX 1000000
#define SHARE_REASON_MIN 10

static const char *const customer_types[] = {"internal", "beta_customers", "partners", "single_customer", NULL};

static int request_get(struct db *db, const char *id, struct share_request *out, struct perr *e)
{
    int found = share_request_store_get(db, id, out);
    if (found == 1)
        return 0;
    return found == 0 ? perr_set(e, PERR_NOT_FOUND, "Sharing request %s does not exist.", id)
                      : perr_set(e, PERR_INTERNAL, "Reading the sharing request failed.");
}

int market_settings_get(struct db *db, struct market_settings *out)
{
    out->accept_share_requests = 1;
    out->share_days = MARKET_SHARE_DAYS_DEFAULT;
    return market_settings_store_get(db, out);
}

/* The settings to change (accept -1, share_days 0: keep), and whether the transaction began. */
struct settings_change {
    int accept, share_days;
    int began;
};

static int settings_in_tx(struct db *db, void *arg)
{
    struct settings_change *c = arg;
    c->began = 1;
    if (c->accept >= 0 && market_settings_store_set_accept(db, c->accept) != 0)
        return -1;
    if (c->share_days && market_settings_store_set_share_days(db, c->share_days) != 0)
        return -1;
    return 0;
}

int market_settings_update(struct db *db, int accept, int share_days, struct market_settings *out, struct perr *e)
{
    if (share_days != 0 && (share_days < 1 || share_days > SHARE_DAYS_MAX))
        return perr_field(e, "share_days", "must be from 1 to %d", SHARE_DAYS_MAX);
    struct settings_change c = {accept, share_days, 0};
    if (db_transaction(db, settings_in_tx, &c) != 0)
        return perr_set(e, PERR_INTERNAL, "%s", c.began ? "Storing the settings failed." : "The store is busy.");
    return market_settings_get(db, out) == 0 ? 0 : perr_set(e, PERR_INTERNAL, "Reading the settings failed.");
}

int share_request_create(struct db *db, const char *app_id, const struct share_request_new *in,
                         struct share_request *out, struct perr *e)
{
    struct app a;
    struct market_actor who;
    struct market_settings set;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    if (a.type != APP_OAUTH && a.type != APP_CHATBOT)
        return perr_field(e, "type", "only OAuth and chatbot apps are shared outside their account");
    if (market_settings_get(db, &set) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the settings failed.");
    if (!set.accept_share_requests) {
        perr_set(e, PERR_FORBIDDEN, "This plaza does not accept private sharing requests.");
        e->kind = PERR_FORBIDDEN;
        return -1;
    }
    if (in->will_publish < 0)
        perr_field(e, "will_publish", "is required: true or false");
    if (in->customers < 1 || in->customers > SHARE_CUSTOMERS_MAX)
        perr_field(e, "customers", "is required: how many customers, 1 to %d", SHARE_CUSTOMERS_MAX);
    int type_ok = 0;
    for (const char *const *t = customer_types; in->customer_type && *t; t++)
        type_ok |= strcmp(*t, in->customer_type) == 0;
    if (!type_ok)
        perr_field(e, "customer_type", "is required: internal, beta_customers, partners or single_customer");
    if (in->duration_days < 1 || in->duration_days > SHARE_DAYS_MAX)
        perr_field(e, "duration_days", "is required: for how long, 1 to %d days", SHARE_DAYS_MAX);
    size_t rn = in->reason ? strlen(in->reason) : 0;
    if (rn < SHARE_REASON_MIN || rn > MARKET_NOTES_MAX)
        perr_field(e, "reason", "is required: why, %d to %d characters", SHARE_REASON_MIN, MARKET_NOTES_MAX);
    if (market_actor_resolve(db, in->actor, "actor", &who, e) == 0 && !who.is_operator &&
        !market_may_manage_app(db, &a, &who.user)) {
        if (strcmp(who.user.account_id, a.account_id) != 0)
            perr_field(e, "actor", "belongs to another account: only the developer's account asks to share its app");
        else
            return market_refuse_manage(a.account_id, &who.user, "actor", e);
    }
    if (e->kind != PERR_NONE)
        return -1;

    char id[ID_LEN];
    ids_new(id);
    int rc = share_request_store_insert(db, id, app_id, in, market_actor_id(&who), clock_now());
    if (rc == 1) { /* one pending request per app */
        perr_set(e, PERR_CONFLICT, "App %s already has a sharing request waiting for a decision.", app_id);
        perr_field(e, "app_id", "has a pending sharing request: wait for the operator's decision");
        e->kind = PERR_CONFLICT;
        return -1;
    }
    if (rc != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the sharing request failed.");
    return request_get(db, id, out, e);
}

/* The decision and the notice to whoever asked, in one transaction. */
struct decision_tx {
    const char *id;
    int approve;
    const char *notes;
    int valid_days;
    int64_t now;
    int began;
};

static int decide_in_tx(struct db *db, void *arg)
{
    struct decision_tx *t = arg;
    struct share_request r;
    t->began = 1;
    int rc = t->approve ? share_request_store_approve(db, t->id, t->now, t->notes, t->valid_days,
                                                      t->now + (int64_t)t->valid_days * 86400)
                        : share_request_store_deny(db, t->id, t->now, t->notes);
    if (rc != 0 || share_request_store_get(db, t->id, &r) != 1)
        return -1;
    if (r.decided_at != t->now || strcmp(r.status, t->approve ? "approved" : "denied") != 0)
        return 0; /* decided meanwhile by another call, which told the developer */
    return notify_sharing(db, &r);
}

int share_request_decide(struct db *db, const char *request_id, const struct share_decision *d,
                         struct share_request *out, struct perr *e)
{
    int approve = d->approve, days = d->days;
    const char *notes = d->notes;
    struct share_request r;
    struct market_settings set;
    if (request_get(db, request_id, &r, e) != 0)
        return -1;
    if (days != 0 && (days < 1 || days > SHARE_DAYS_MAX))
        return perr_field(e, "days", "must be from 1 to %d", SHARE_DAYS_MAX);
    if (!approve && days)
        return perr_field(e, "days", "goes with an approval");
    if (notes && strlen(notes) > MARKET_NOTES_MAX)
        return perr_field(e, "notes", "must be at most %d bytes", MARKET_NOTES_MAX);
    if (strcmp(r.status, "pending") != 0) {
        perr_set(e, PERR_CONFLICT, "Sharing request %s was already %s.", request_id, r.status);
        perr_field(e, "status", "is %s: only a pending request is decided", r.status);
        e->kind = PERR_CONFLICT;
        return -1;
    }
    if (market_settings_get(db, &set) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the settings failed.");
    int64_t now = clock_now();
    struct decision_tx t = {request_id, approve, notes ? notes : "", approve ? (days ? days : set.share_days) : 0,
                            now, 0};
    if (db_transaction(db, decide_in_tx, &t) != 0)
        return perr_set(e, PERR_INTERNAL, "%s", t.began ? "Storing the decision failed." : "The store is busy.");
    mailer_wake();
    return request_get(db, request_id, out, e);
}

int share_request_list(struct db *db, const struct share_request_filter *f, struct share_request *out, int max,
                       int *n, struct perr *e)
{
    if (share_request_store_list(db, f->app_id, f->status, out, max, n) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing sharing requests failed.");
    return 0;
}

int64_t share_expires_at(struct db *db, const char *app_id)
{
    return share_request_store_expires_at(db, app_id);
}
