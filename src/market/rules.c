/* Who may install an app, and who may remove it. Outside the developer's
 * account: production credentials only once the app is published,
 * development credentials only through an approved private share (within
 * its window, or for accounts that installed it then). Accounts may require
 * pre-approval: their members then install only apps an owner or admin
 * pre-approved. A stale Publishable URL installs nobody. Removal ("remove
 * app") checks who may remove which install; oauth_uninstall removes it. */
#include "core/clock.h"
#include "core/zoom_codes.h"
#include "market/installs_store.h"
#include "market/market.h"

#include <stdio.h>
#include <string.h>

static int refuse(struct perr *e, const char *fmt, const char *arg)
{
    perr_set(e, PERR_FORBIDDEN, fmt, arg);
    e->zoom_code = ZOOM_OAUTH_INVALID_REQUEST;
    return -1;
}

static int own_account(const struct app *app, const struct user *u)
{
    return strcmp(u->account_id, app->account_id) == 0;
}

/* An account that installed through the share while it was open keeps the right. */
static int beta_account(struct db *db, const char *app_id, const char *account_id)
{
    return install_store_shared_active(db, app_id, account_id) == 1;
}

static int preapproved(struct db *db, const char *account_id, const char *app_id)
{
    return preapproval_store_has(db, account_id, app_id) == 1;
}

int market_may_install(struct db *db, const struct app *app, enum app_env env, const struct user *u,
                       const char *link, struct perr *e)
{
    if (link && *link) {
        struct app_link l;
        if (link_get(db, app->id, &l) != 1 || strcmp(l.token, link) != 0)
            return refuse(e, "This Publishable URL is no longer valid: the developer generated a newer one.%s", "");
        if (!l.valid)
            return refuse(e, "This Publishable URL no longer installs: %s. Ask the developer for the new one.",
                          l.reason);
    }
    if (env == ENV_PRODUCTION) { /* for everyone, the developer's account included */
        int approved = app_ever_approved(db, app->id);
        if (approved < 0)
            return perr_set(e, PERR_INTERNAL, "Reading the app's review failed.");
        if (!approved)
            return refuse(e, "This app's production credentials work once the app is approved: use the development "
                             "credentials until then.%s", "");
    }
    if (own_account(app, u))
        return 0;
    if (env == ENV_PRODUCTION) {
        if (!app->published)
            return refuse(e, "This app is not published yet: outside the developer's account it installs only once "
                             "it is approved and published.%s", "");
    } else {
        int64_t until = share_expires_at(db, app->id);
        if (until == 0)
            return refuse(e, "This app is in development: only users of the developer's account can install it.%s",
                          "");
        if (clock_now() >= until && !beta_account(db, app->id, u->account_id)) {
            char when[21];
            clock_format(until, when);
            return refuse(e, "The app's private sharing ended at %s: no new account can install it.", when);
        }
    }
    if (u->role == ROLE_MEMBER && app_policy_store_requires_preapproval(db, u->account_id) &&
        !preapproved(db, u->account_id, app->id))
        return refuse(e, "Your account requires pre-approval of apps: ask an owner or admin to pre-approve this "
                         "app.%s", "");
    return 0;
}

int market_install_scopes(struct db *db, const struct install_attempt *i, const char *wanted, char *out,
                          size_t size)
{
    const struct app *app = i->app;
    enum app_env env = i->env;
    const struct user *u = i->u;
    snprintf(out, size, "%s", wanted);
    if (own_account(app, u) || env != ENV_PRODUCTION || !app->published)
        return 0;
    char live[SCOPES_STR_MAX], buf[SCOPES_STR_MAX];
    if (app_live_version(db, app->id, live, sizeof live) == 0)
        return 0;
    snprintf(buf, sizeof buf, "%s", wanted);
    size_t len = 0;
    out[0] = '\0';
    char *save;
    for (char *s = strtok_r(buf, " ", &save); s; s = strtok_r(NULL, " ", &save)) {
        size_t n = strlen(s);
        if (!scopes_contain(live, s) || len + n + 2 > size)
            continue; /* not reviewed yet: a newer version's scope waits for its publication */
        if (len)
            out[len++] = ' ';
        memcpy(out + len, s, n + 1);
        len += n;
    }
    return len ? 0 : -1;
}

int market_install_note(struct db *db, int64_t install_id, const struct app *app, enum app_env env,
                        const struct user *u)
{
    const char *via = own_account(app, u) ? "own" : env == ENV_PRODUCTION ? "published" : "shared";
    int version = strcmp(via, "published") == 0 ? app_live_version(db, app->id, NULL, 0)
                                                : app_current_version(db, app->id);
    return install_store_note(db, install_id, version, via);
}

/* ---- pre-approval ------------------------------------------------------------ */

/* The operator, or an owner or admin of the account; with `or_role`, also a
 * member with the Marketplace permissions role (pre-approval, per the guides). */
static int account_admin(struct db *db, const char *account_id, const char *actor, int or_role,
                         struct market_actor *who, struct perr *e)
{
    struct account acc;
    if (account_get(db, account_id, &acc, e) != 0 || market_actor_resolve(db, actor, "actor", who, e) != 0)
        return -1;
    if (!who->is_operator && or_role && market_may_manage_apps(db, account_id, &who->user))
        return 0;
    if (!who->is_operator &&
        (strcmp(who->user.account_id, account_id) != 0 || who->user.role == ROLE_MEMBER)) {
        perr_set(e, PERR_FORBIDDEN, "Only an owner or admin of account %s manages its apps.", account_id);
        perr_field(e, "actor", "is not an owner or admin of the account");
        e->kind = PERR_FORBIDDEN;
        return -1;
    }
    return 0;
}

int app_policy_get(struct db *db, const char *account_id, struct app_policy *out, struct perr *e)
{
    struct account acc;
    if (account_get(db, account_id, &acc, e) != 0)
        return -1;
    out->require_preapproval = app_policy_store_requires_preapproval(db, account_id);
    out->npreapproved = preapproval_store_count(db, account_id);
    return 0;
}

int app_policy_set(struct db *db, const char *account_id, int require, const char *actor, struct app_policy *out,
                   struct perr *e)
{
    struct market_actor who;
    if (account_admin(db, account_id, actor, 0, &who, e) != 0)
        return -1;
    if (app_policy_store_set(db, account_id, require, market_actor_id(&who), clock_now()) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the policy failed.");
    return app_policy_get(db, account_id, out, e);
}

int preapproval_add(struct db *db, const char *account_id, const char *app_id, const char *actor, struct perr *e)
{
    struct market_actor who;
    struct app a;
    if (account_admin(db, account_id, actor, 1, &who, e) != 0 || app_get(db, app_id, &a, e) != 0)
        return -1;
    if (preapproval_store_add(db, account_id, app_id, market_actor_id(&who), clock_now()) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the pre-approval failed.");
    return 0;
}

int preapproval_remove(struct db *db, const char *account_id, const char *app_id, const char *actor, struct perr *e)
{
    struct market_actor who;
    if (account_admin(db, account_id, actor, 1, &who, e) != 0)
        return -1;
    if (!preapproved(db, account_id, app_id))
        return perr_set(e, PERR_NOT_FOUND, "App %s is not pre-approved in account %s.", app_id, account_id);
    if (preapproval_store_remove(db, account_id, app_id) != 0)
        return perr_set(e, PERR_INTERNAL, "Removing the pre-approval failed.");
    return 0;
}

int preapproval_list(struct db *db, const char *account_id, char (*app_ids)[ID_LEN], int max, int *n, struct perr *e)
{
    struct account acc;
    *n = 0;
    if (account_get(db, account_id, &acc, e) != 0)
        return -1;
    if (preapproval_store_list(db, account_id, app_ids, max, n) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing pre-approved apps failed.");
    return 0;
}

/* ---- installs and their removal ---------------------------------------------- */

int market_installs(struct db *db, const char *app_id, struct market_install *out, int max, int *n, struct perr *e)
{
    struct app a;
    *n = 0;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    char working[2][SCOPES_STR_MAX], live[SCOPES_STR_MAX]; /* each tab's scopes, by enum app_env */
    if (app_env_scopes(db, app_id, ENV_DEVELOPMENT, working[0], sizeof working[0]) != 0 ||
        app_env_scopes(db, app_id, ENV_PRODUCTION, working[1], sizeof working[1]) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app's scopes failed.");
    if (app_live_version(db, app_id, live, sizeof live) == 0)
        snprintf(live, sizeof live, "%s", working[1]);
    if (install_store_list_app(db, app_id, out, max, n) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing installs failed.");
    for (int k = 0; k < *n; k++) {
        struct market_install *m = &out[k];
        const struct install *i = &m->ins;
        /* the scopes a user of this install is asked for now, against what they granted */
        const char *want = strcmp(m->via, "published") == 0 ? live : working[i->env];
        char buf[SCOPES_STR_MAX], *save;
        snprintf(buf, sizeof buf, "%s", want);
        for (char *s = strtok_r(buf, " ", &save); s && !i->revoked_at; s = strtok_r(NULL, " ", &save))
            if (!scopes_contain(i->scopes, s))
                m->reauthorization_required = 1;
    }
    return 0;
}

int market_uninstall(struct db *db, const char *app_id, const char *user, enum app_env env, int64_t *install_id,
                     struct perr *e)
{
    struct app a;
    struct market_actor who;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    if (!user)
        return perr_field(e, "user", "is required: the user removing the app");
    if (market_actor_resolve(db, user, "user", &who, e) != 0)
        return -1;
    int account_wide = a.management == MGMT_ADMIN || a.type == APP_S2S || a.type == APP_WEBHOOK;
    if (account_wide && who.user.role == ROLE_MEMBER) {
        perr_set(e, PERR_FORBIDDEN, "Only an owner or admin removes an admin-managed app from the account.");
        perr_field(e, "user", "is a member: admin-managed apps are removed by an owner or admin");
        e->kind = PERR_FORBIDDEN;
        return -1;
    }
    struct install ins;
    if (install_find(db, app_id, env, who.user.account_id, account_wide ? "" : who.user.id, &ins) != 1 ||
        ins.revoked_at)
        return perr_set(e, PERR_NOT_FOUND, "App %s is not installed for %s (%s credentials).", app_id, who.user.id,
                        app_env_name(env));
    *install_id = ins.id;
    return 0;
}
