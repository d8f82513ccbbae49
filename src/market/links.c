/* Publishable URLs: the install link of an OAuth or chatbot app, made on
 * request. It remembers a fingerprint of what it was made for (name,
 * redirect URLs, allow lists and whitelist, scopes); an edit that changes one
 * invalidates it, with the reason, and a stale link installs nobody. The
 * link is public by design (it is meant to be shared), so it is stored as is. */
#include "core/urls.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/uri.h"
#include "market/market.h"
#include "market/apps_store.h"
#include "market/sharing_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PART_HEX 16 /* hex digits kept of each part's SHA-256 */

static const char *const parts[] = {"name", "redirect URL", "allow list or whitelist", "scopes"};
#define NPARTS 4

static void part_hash(const char *text, char *out)
{
    uint8_t h[32];
    char hex[65];
    crypto_sha256(text, strlen(text), h);
    crypto_hex(hex, h, 32);
    memcpy(out, hex, PART_HEX);
    out[PART_HEX] = '\0';
}

/* "name:redirect:allow:scopes", each part a short hash. */
static int fingerprint(struct db *db, const char *app_id, char out[NPARTS * (PART_HEX + 1)])
{
    struct app_details *d = malloc(sizeof *d);
    struct perr e = {0};
    json_t *doc = NULL;
    size_t cap = 2 * (APP_MAX_URLS + 1) * (URL_MAX + 1) + SCOPES_STR_MAX;
    char *buf = malloc(cap);
    int rc = -1;
    if (!d || !buf || app_details(db, app_id, d, &e) != 0 || sections_get(db, app_id, &doc, &e) != 0)
        goto out;
    char h[NPARTS][PART_HEX + 1];
    part_hash(d->app.name, h[0]);
    snprintf(buf, cap, "%s\n%s", d->urls[0].redirect_url, d->urls[1].redirect_url);
    part_hash(buf, h[1]);
    size_t len = 0;
    buf[0] = '\0';
    for (int env = 0; env < 2; env++)
        for (int i = 0; i < d->urls[env].nallow; i++) {
            int w = snprintf(buf + len, cap - len, "%d %s\n", env, d->urls[env].allow[i]);
            if (w < 0 || (size_t)w >= cap - len)
                break;
            len += (size_t)w;
        }
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(json_object_get(doc, SECTION_BASIC), "whitelist_urls"), i, u)
        if (json_is_string(u) && len < cap) {
            int w = snprintf(buf + len, cap - len, "w %s\n", json_string_value(u));
            if (w < 0 || (size_t)w >= cap - len)
                break;
            len += (size_t)w;
        }
    part_hash(buf, h[2]);
    /* both tabs' scopes (cap holds two SCOPES_STR_MAX and a newline) */
    if (app_env_scopes(db, app_id, ENV_DEVELOPMENT, buf, SCOPES_STR_MAX) != 0)
        goto out;
    len = strlen(buf);
    buf[len++] = '\n';
    if (app_env_scopes(db, app_id, ENV_PRODUCTION, buf + len, SCOPES_STR_MAX) != 0)
        goto out;
    part_hash(buf, h[3]);
    snprintf(out, NPARTS * (PART_HEX + 1), "%s:%s:%s:%s", h[0], h[1], h[2], h[3]);
    rc = 0;
out:
    json_decref(doc);
    free(buf);
    free(d);
    return rc;
}

static void build_url(const char *client_id, const char *redirect, const char *token, char *out, size_t size)
{
    char esc[3 * URL_MAX + 1];
    if (uri_encode(redirect, esc, sizeof esc) < 0)
        esc[0] = '\0';
    int n = snprintf(out, size, "%s/oauth/authorize?response_type=code&client_id=%s&redirect_uri=%s&plaza_link=%s",
                     urls_web(), client_id, esc, token);
    if (n < 0 || (size_t)n >= size)
        out[0] = '\0'; /* never a cut link: a redirect URL this long has no Publishable URL */
}

/* Who the link installs now, and whether a sharing window that ended holds it back. */
static void link_state(struct db *db, const char *app_id, struct app_link *l)
{
    struct app a;
    struct perr ignore = {0};
    int published = app_get(db, app_id, &a, &ignore) == 0 && a.published;
    snprintf(l->state, sizeof l->state, "%s", l->valid ? "active" : "stale");
    if (!l->valid) {
        snprintf(l->audience, sizeof l->audience, "nobody: installs through it are refused");
        return;
    }
    if (l->env == ENV_PRODUCTION) {
        snprintf(l->audience, sizeof l->audience, "%s",
                 published ? "any account: the app is published"
                           : "users of the app's own account, once the app is approved; other accounts once it is "
                             "published");
        return;
    }
    int64_t until = share_expires_at(db, app_id), now = clock_now();
    char when[21];
    if (until == 0) {
        snprintf(l->audience, sizeof l->audience,
                 "users of the app's own account (development credentials; another account needs an approved "
                 "sharing request)");
    } else if (now < until) {
        clock_format(until, when);
        snprintf(l->audience, sizeof l->audience, "the app's own account and, until %s, any account it is shared with",
                 when);
    } else {
        clock_format(until, when);
        l->sharing_expired_at = until;
        snprintf(l->state, sizeof l->state, "sharing_expired");
        snprintf(l->reason, sizeof l->reason,
                 "the private sharing window ended at %s (expired): no new account outside the app's own can "
                 "install; ask for sharing again",
                 when);
        snprintf(l->audience, sizeof l->audience,
                 "users of the app's own account, and accounts that installed while it was shared");
    }
}

int link_get(struct db *db, const char *app_id, struct app_link *out)
{
    memset(out, 0, sizeof *out);
    int found = link_store_get(db, app_id, out);
    char client_id[ID_LEN] = "";
    if (found < 0 || (found && credential_store_client_id(db, app_id, out->env, client_id) < 0))
        return -1;
    if (found) {
        struct app a = {0};
        char redirect[URL_MAX + 1] = "";
        snprintf(a.id, sizeof a.id, "%s", app_id);
        app_redirect_url(db, &a, out->env, redirect);
        build_url(client_id, redirect, out->token, out->url, sizeof out->url);
        link_state(db, app_id, out);
    }
    return found;
}

int link_create(struct db *db, const char *app_id, int env, struct app_link *out, struct link_replaced *replaced,
                struct perr *e)
{
    struct app_link *old = &replaced->link;
    int *had_old = &replaced->had;
    struct app a;
    *had_old = 0;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    if (a.type != APP_OAUTH && a.type != APP_CHATBOT)
        return perr_field(e, "type", "Publishable URLs are for OAuth and chatbot apps, not %s apps",
                          app_type_name(a.type));
    enum app_env ev = env < 0 ? (a.published ? ENV_PRODUCTION : ENV_DEVELOPMENT) : (enum app_env)env;
    int issued;
    int has = credential_store_find(db, app_id, ev, &issued) == 1;
    char redirect[URL_MAX + 1];
    if (!has)
        return perr_field(e, "environment", "the app has no %s credentials yet", app_env_name(ev));
    if (app_redirect_url(db, &a, ev, redirect) != 0 || !redirect[0])
        return perr_field(e, "environment", "the app has no %s redirect URL", app_env_name(ev));
    if (ev == ENV_PRODUCTION && app_ever_approved(db, app_id) != 1) /* its client id is not shown before */
        return perr_field(e, "environment", "production credentials come with the app's approval: a production "
                                            "Publishable URL is made once the app is approved");
    char fp[NPARTS * (PART_HEX + 1)], token[LINK_TOKEN_LEN];
    if (fingerprint(db, app_id, fp) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app failed.");
    int found = link_get(db, app_id, old);
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the Publishable URL failed.");
    crypto_token(token, sizeof token, 24);
    if (link_store_put(db, app_id, token, ev, fp, clock_now()) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the Publishable URL failed.");
    if (link_get(db, app_id, out) != 1)
        return perr_set(e, PERR_INTERNAL, "Reading the Publishable URL failed.");
    *had_old = found;
    return 0;
}

int link_recheck(struct db *db, const char *app_id)
{
    char old[NPARTS * (PART_HEX + 1)] = "", now_fp[NPARTS * (PART_HEX + 1)];
    int found = link_store_fingerprint(db, app_id, old, sizeof old);
    if (found <= 0)
        return found;
    if (fingerprint(db, app_id, now_fp) != 0)
        return -1;
    if (strcmp(old, now_fp) == 0)
        return 0;
    char reason[200], when[21];
    size_t len = (size_t)snprintf(reason, sizeof reason, "the app's ");
    int64_t now = clock_now();
    int first = 1;
    for (int i = 0; i < NPARTS; i++) {
        if (memcmp(old + i * (PART_HEX + 1), now_fp + i * (PART_HEX + 1), PART_HEX) == 0)
            continue;
        len += (size_t)snprintf(reason + len, sizeof reason - len, "%s%s", first ? "" : " and ", parts[i]);
        first = 0;
    }
    clock_format(now, when);
    snprintf(reason + len, sizeof reason - len, " changed at %s", when);
    return link_store_invalidate(db, app_id, now, reason);
}
