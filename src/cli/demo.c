/* Demo data for `plaza serve --demo`: two accounts (the developer's and an
 * outsider's), users with known passwords, and one app of each kind whose
 * secrets are derived from the store's key, so they stay the same across
 * restarts of the same database. */
#include "cli/serve.h"
#include "core/config.h"
#include "core/db.h"
#include "market/market.h"

#include <stdio.h>
#include <string.h>

struct demo_user {
    const char *email, *first, *last, *role, *password;
};

static const struct demo_user dev_users[] = {
    {"owner@acme.test", "Olivia", "Owner", "owner", "plaza-owner-1"},
    {"admin@acme.test", "Adam", "Admin", "admin", "plaza-admin-1"},
    {"member@acme.test", "Mia", "Member", "member", "plaza-member-1"},
};
static const struct demo_user other_owner = {"owner@globex.test", "Gina", "Globex", "owner", "plaza-globex-1"};

struct demo_app {
    const char *name, *type, *management, *redirect;
    const char *scopes[8];
};

static const struct demo_app apps[] = {
    {"Acme Scheduler", "oauth", "user", "http://127.0.0.1:3000/oauth/callback",
     {"user:read", "meeting:read", "meeting:write", "recording:read", "user:read:email", NULL}},
    {"Acme Admin Console", "oauth", "admin", "http://127.0.0.1:3000/oauth/callback",
     {"user:read:admin", "meeting:read:admin", "meeting:write:admin", "webinar:read:admin", NULL}},
    {"Acme Server", "s2s", NULL, NULL,
     {"user:read:admin", "meeting:read:admin", "meeting:write:admin", "webinar:write:admin", "recording:read:admin",
      NULL}},
    {"Acme Bot", "chatbot", "user", "http://127.0.0.1:3000/bot/callback", {"imchat:bot", NULL}},
};

static int ensure_account(struct db *db, const char *name, const char *plan, const struct demo_user *owner,
                          struct account *out)
{
    struct user u;
    struct perr e = {0};
    if (user_find(db, owner->email, &u) == 1)
        return account_get(db, u.account_id, out, &e);
    struct account_new in = {name, plan, {owner->email, owner->first, owner->last, owner->password, NULL, NULL, NULL,
                                          NULL}};
    if (account_create(db, &in, out, &u, &e) != 0) {
        fprintf(stderr, "plaza: demo account %s: %s\n", name, e.message);
        return -1;
    }
    return 0;
}

static int ensure_app(struct db *db, const struct account *acc, const struct demo_app *d, struct app_details *out,
                      char secret[SECRET_LEN])
{
    struct perr e = {0};
    struct app list[64];
    int n = 0;
    struct app_filter mine = {.account_id = acc->id};
    app_list(db, &mine, list, 64, &n, &e);
    char label[128];
    snprintf(label, sizeof label, "demo secret %s", d->name);
    config_derive(label, secret, SECRET_LEN);
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i].name, d->name) != 0)
            continue;
        if (app_details(db, list[i].id, out, &e) != 0)
            return -1;
        /* a secret rotated since the seeding is not the derived one: say so rather than print a wrong one */
        if (!app_check_secret(db, out->creds[0].client_id, secret))
            snprintf(secret, SECRET_LEN, "(rotated)");
        return 0;
    }

    struct app_input in = {.account_id = acc->id, .name = d->name, .type = d->type, .management = d->management,
                           .redirect_url = d->redirect, .has_scopes = 1, .strict_mode = -1, .subdomain_check = -1};
    while (d->scopes[in.nscopes]) {
        in.scopes[in.nscopes] = d->scopes[in.nscopes];
        in.nscopes++;
    }
    char ignored[SECRET_LEN];
    if (app_create(db, &in, out, ignored, &e) != 0 || app_set_secret(db, out->app.id, ENV_DEVELOPMENT, secret, &e)) {
        fprintf(stderr, "plaza: demo app %s: %s\n", d->name, e.message);
        return -1;
    }
    return 0;
}

int demo_seed(struct db *db, int print)
{
    struct account dev, other;
    if (ensure_account(db, "Acme Corp", "business", &dev_users[0], &dev) != 0 ||
        ensure_account(db, "Globex", "pro", &other_owner, &other) != 0)
        return -1;
    for (size_t i = 1; i < sizeof dev_users / sizeof dev_users[0]; i++) {
        struct user u;
        struct perr e = {0};
        const struct demo_user *d = &dev_users[i];
        struct user_new in = {d->email, d->first, d->last, d->password, NULL, NULL, d->role, NULL};
        if (user_find(db, d->email, &u) != 1 && user_create(db, dev.id, &in, &u, &e) != 0) {
            fprintf(stderr, "plaza: demo user %s: %s\n", d->email, e.message);
            return -1;
        }
    }
    /* the other account's owner reviews: Acme's submissions reach a reviewer who is not of Acme */
    struct user reviewer;
    if (user_find(db, other_owner.email, &reviewer) == 1 && !plaza_role_is(db, PLAZA_REVIEWER, reviewer.id)) {
        struct perr e = {0};
        if (plaza_role_add(db, PLAZA_REVIEWER, reviewer.id, &reviewer, &e) != 0) {
            fprintf(stderr, "plaza: demo reviewer: %s\n", e.message);
            return -1;
        }
    }
    static struct app_details details; /* large; start-up only */
    if (print)
        printf("\ndemo data (account \"%s\" %s, plan %s):\n  users (e-mail / password):\n", dev.name, dev.id,
               dev.plan);
    for (size_t i = 0; print && i < sizeof dev_users / sizeof dev_users[0]; i++)
        printf("    %-20s %-16s %s\n", dev_users[i].email, dev_users[i].password, dev_users[i].role);
    if (print)
        printf("    %-20s %-16s owner of \"%s\" %s, another account; a reviewer\n  apps:\n", other_owner.email,
               other_owner.password, other.name, other.id);
    for (size_t i = 0; i < sizeof apps / sizeof apps[0]; i++) {
        char secret[SECRET_LEN];
        if (ensure_app(db, &dev, &apps[i], &details, secret) != 0)
            return -1;
        if (!print)
            continue;
        printf("    %-20s %-7s client_id %s  client_secret %s\n", apps[i].name, apps[i].type,
               details.creds[0].client_id, secret);
        if (details.urls[ENV_DEVELOPMENT].redirect_url[0])
            printf("    %-20s         redirect %s\n", "", details.urls[ENV_DEVELOPMENT].redirect_url);
    }
    if (print)
        printf("  Server-to-Server tokens: grant_type=account_credentials&account_id=%s\n", dev.id);
    return 0;
}
