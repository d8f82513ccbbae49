/* The Development and Production tabs of an app, as the Marketplace shows
 * them: each has its own Embed features (Meeting SDK, Device OAuth) and its
 * own scopes with their descriptions. The Development tab is the app's own
 * scopes (apps.c) and the features section (sections.c); the Production
 * tab is kept here, one JSON document per app. The checklist, the review
 * and installs through production credentials read the Production tab.
 * Production credentials are shown and work only once the app has been
 * approved (an approval on the record). */
#include "core/clock.h"
#include "core/db.h"
#include "market/app_listing_store.h"
#include "market/app_review_store.h"
#include "market/apps_store.h"
#include "market/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int app_ever_approved(struct db *db, const char *app_id)
{
    return transition_store_ever_approved(db, app_id);
}

int app_credential_state(struct db *db, const char *app_id, enum app_env env, struct credential_state *out)
{
    memset(out, 0, sizeof *out);
    int rc = credential_store_find(db, app_id, env, &out->secret_issued);
    if (rc < 0)
        return -1;
    out->exists = rc == 1;
    if (env == ENV_DEVELOPMENT) {
        out->released = out->exists;
        return 0;
    }
    int approved = app_ever_approved(db, app_id);
    if (approved < 0)
        return -1;
    out->released = out->exists && approved;
    return 0;
}

/* ---- the tabs ------------------------------------------------------------------ */

static json_t *load_production(struct db *db, const char *app_id, int *failed)
{
    json_t *doc;
    *failed = tab_store_get(db, app_id, ENV_PRODUCTION, &doc) < 0;
    if (!json_is_object(doc)) {
        json_decref(doc);
        doc = json_object();
    }
    return doc;
}

static void tab_from_doc(json_t *features, json_t *scopes, struct app_tab *out)
{
    out->meeting_sdk = json_is_true(json_object_get(features, "meeting_sdk"));
    out->device_oauth = json_is_true(json_object_get(features, "device_oauth"));
    size_t i;
    json_t *v;
    json_array_foreach(scopes, i, v)
    {
        if (out->nscopes == APP_MAX_SCOPES)
            break;
        const char *name = json_string_value(json_object_get(v, "scope"));
        const char *desc = json_string_value(json_object_get(v, "description"));
        if (!name)
            continue;
        struct app_scope *s = &out->scopes[out->nscopes++];
        snprintf(s->scope, sizeof s->scope, "%s", name);
        snprintf(s->description, sizeof s->description, "%s", desc ? desc : "");
    }
}

int app_tab_get(struct db *db, const char *app_id, enum app_env env, struct app_tab *out, struct perr *e)
{
    memset(out, 0, sizeof *out);
    out->env = env;
    if (env == ENV_DEVELOPMENT) {
        struct app_details *d = malloc(sizeof *d);
        json_t *doc = NULL;
        if (!d)
            return perr_set(e, PERR_INTERNAL, "Out of memory.");
        int rc = app_details(db, app_id, d, e) == 0 && sections_get(db, app_id, &doc, e) == 0 ? 0 : -1;
        if (rc == 0) {
            out->meeting_sdk = json_is_true(json_object_get(json_object_get(doc, SECTION_FEATURES), "meeting_sdk"));
            out->device_oauth = json_is_true(json_object_get(json_object_get(doc, SECTION_FEATURES), "device_oauth"));
            out->nscopes = d->nscopes;
            memcpy(out->scopes, d->scopes, sizeof d->scopes[0] * (size_t)d->nscopes);
        }
        json_decref(doc);
        free(d);
        return rc;
    }
    struct app a;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    int failed;
    json_t *doc = load_production(db, app_id, &failed);
    if (failed) {
        json_decref(doc);
        return perr_set(e, PERR_INTERNAL, "Reading the Production tab failed.");
    }
    tab_from_doc(json_object_get(doc, "features"), json_object_get(doc, "scopes"), out);
    json_decref(doc);
    return 0;
}

int app_env_scopes(struct db *db, const char *app_id, enum app_env env, char *out, size_t size)
{
    if (env == ENV_DEVELOPMENT)
        return app_scopes(db, app_id, out, size);
    out[0] = '\0';
    int failed;
    json_t *doc = load_production(db, app_id, &failed);
    size_t len = 0, i;
    json_t *v;
    json_array_foreach(json_object_get(doc, "scopes"), i, v)
    {
        const char *s = json_string_value(json_object_get(v, "scope"));
        size_t n = s ? strlen(s) : 0;
        if (!n || len + n + 2 > size)
            continue;
        if (len)
            out[len++] = ' ';
        memcpy(out + len, s, n + 1);
        len += n;
    }
    json_decref(doc);
    return failed ? -1 : 0;
}

static int scope_cmp(const void *a, const void *b)
{
    return strcmp(((const struct app_scope *)a)->scope, ((const struct app_scope *)b)->scope);
}

/* The app's own scopes' rules (scopes_check), and imchat:bot only for chatbots. */
static void check_scopes(const struct app *a, const struct app_tab_input *in, struct perr *e)
{
    scopes_check(in->scopes, in->descriptions, in->nscopes, a->management != MGMT_USER, a->type == APP_CHATBOT, e);
}

static int update_development(struct db *db, const struct app *a, const struct app_tab_input *in, struct perr *e)
{
    if (in->from_development)
        return perr_field(e, "from_development", "is for the Production tab: the Development tab is the source");
    if (in->has_scopes || in->ndescribe) {
        struct app_tab *cur = NULL;
        if (!in->has_scopes) { /* new words for scopes already on the tab */
            if (!(cur = malloc(sizeof *cur)) || app_tab_get(db, a->id, ENV_DEVELOPMENT, cur, e) != 0) {
                free(cur);
                return e->kind != PERR_NONE ? -1 : perr_set(e, PERR_INTERNAL, "Out of memory.");
            }
        }
        struct app_input ai;
        struct app_details *d = malloc(sizeof *d);
        memset(&ai, 0, sizeof ai);
        ai.strict_mode = ai.subdomain_check = -1;
        ai.has_scopes = 1;
        ai.nscopes = cur ? cur->nscopes : in->nscopes;
        for (int i = 0; i < ai.nscopes; i++) {
            ai.scopes[i] = cur ? cur->scopes[i].scope : in->scopes[i];
            ai.scope_descriptions[i] = cur ? NULL : in->descriptions[i];
            for (int k = 0; k < in->ndescribe; k++)
                if (strcmp(in->describe_scope[k], ai.scopes[i]) == 0)
                    ai.scope_descriptions[i] = in->describe_text[k];
        }
        for (int k = 0; k < in->ndescribe; k++) {
            int found = 0;
            for (int i = 0; i < ai.nscopes; i++)
                found |= strcmp(in->describe_scope[k], ai.scopes[i]) == 0;
            if (!found)
                perr_field(e, "scope_descriptions", "'%.60s' is not a scope of the Development tab",
                           in->describe_scope[k]);
        }
        int rc = e->kind != PERR_NONE ? -1
                 : d               ? app_update(db, a->id, &ai, d, e)
                                   : perr_set(e, PERR_INTERNAL, "Out of memory.");
        free(d);
        free(cur);
        if (rc != 0)
            return -1;
    }
    if (in->meeting_sdk >= 0 || in->device_oauth >= 0) {
        json_t *features = json_object(), *out = NULL;
        if (in->meeting_sdk >= 0)
            json_object_set_new(features, "meeting_sdk", json_boolean(in->meeting_sdk));
        if (in->device_oauth >= 0)
            json_object_set_new(features, "device_oauth", json_boolean(in->device_oauth));
        json_t *patch = json_pack("{s:o}", SECTION_FEATURES, features);
        int rc = sections_update(db, a->id, patch, &out, e);
        json_decref(patch);
        json_decref(out);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* The Production tab's new document, in one transaction with the edit it is. */
struct production_tx {
    const struct app *a;
    const char *text;
    int64_t now;
};

static int production_tx(struct db *db, void *arg)
{
    struct production_tx *t = arg;
    int ok = tab_store_put(db, t->a->id, ENV_PRODUCTION, t->text, t->now) == DB_DONE &&
             app_store_touch(db, t->a->id, t->now) == DB_DONE && app_edit_done(db, t->a) == 0;
    return ok ? 0 : -1;
}

int app_tab_update(struct db *db, const char *app_id, enum app_env env, const struct app_tab_input *in,
                   struct app_tab *out, struct perr *e)
{
    struct app a;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    if (a.type != APP_OAUTH && a.type != APP_CHATBOT && env == ENV_PRODUCTION)
        return perr_field(e, "environment", "%s apps have one set of credentials and no Production tab",
                          app_type_name(a.type));
    if (in->device_oauth == 1)
        perr_field(e, "features.device_oauth", "must be false: Device OAuth is not offered for Marketplace apps");
    if (in->from_development && in->has_scopes)
        perr_field(e, "scopes", "give either scopes or from_development, not both");
    check_scopes(&a, in, e);
    if (e->kind != PERR_NONE || app_edit_check(db, &a, e) != 0)
        return -1;
    if (env == ENV_DEVELOPMENT)
        return update_development(db, &a, in, e) == 0 ? app_tab_get(db, app_id, env, out, e) : -1;

    struct app_tab *cur = malloc(sizeof *cur), *dev = in->from_development ? malloc(sizeof *dev) : NULL;
    int rc = -1;
    if (!cur || (in->from_development && !dev)) {
        perr_set(e, PERR_INTERNAL, "Out of memory.");
        goto out;
    }
    if (app_tab_get(db, app_id, ENV_PRODUCTION, cur, e) != 0 ||
        (dev && app_tab_get(db, app_id, ENV_DEVELOPMENT, dev, e) != 0))
        goto out;
    if (dev) { /* "add the same scopes as in Development", and its Embed features */
        cur->nscopes = dev->nscopes;
        memcpy(cur->scopes, dev->scopes, sizeof dev->scopes[0] * (size_t)dev->nscopes);
        cur->meeting_sdk = dev->meeting_sdk;
        cur->device_oauth = 0;
    }
    if (in->has_scopes) { /* replaces the set; a scope that stays keeps its description unless given one */
        struct app_scope *next = malloc(sizeof *next * APP_MAX_SCOPES);
        if (!next) {
            perr_set(e, PERR_INTERNAL, "Out of memory.");
            goto out;
        }
        for (int i = 0; i < in->nscopes; i++) {
            snprintf(next[i].scope, sizeof next[i].scope, "%s", in->scopes[i]);
            next[i].description[0] = '\0';
            for (int k = 0; k < cur->nscopes && !in->descriptions[i]; k++)
                if (strcmp(cur->scopes[k].scope, in->scopes[i]) == 0)
                    snprintf(next[i].description, sizeof next[i].description, "%s", cur->scopes[k].description);
            if (in->descriptions[i])
                snprintf(next[i].description, sizeof next[i].description, "%s", in->descriptions[i]);
        }
        cur->nscopes = in->nscopes;
        memcpy(cur->scopes, next, sizeof *next * (size_t)in->nscopes);
        free(next);
    }
    if (a.type == APP_CHATBOT) { /* like the Development tab: a chatbot always has imchat:bot */
        int has = 0;
        for (int i = 0; i < cur->nscopes; i++)
            has |= strcmp(cur->scopes[i].scope, "imchat:bot") == 0;
        if (!has && cur->nscopes < APP_MAX_SCOPES)
            snprintf(cur->scopes[cur->nscopes++].scope, sizeof cur->scopes[0].scope, "imchat:bot");
    }
    for (int i = 0; i < in->ndescribe; i++) { /* descriptions of scopes already on the tab */
        int found = 0;
        for (int k = 0; k < cur->nscopes; k++)
            if (strcmp(cur->scopes[k].scope, in->describe_scope[i]) == 0) {
                snprintf(cur->scopes[k].description, sizeof cur->scopes[k].description, "%s", in->describe_text[i]);
                found = 1;
            }
        char f[96];
        snprintf(f, sizeof f, "scope_descriptions.%.60s", in->describe_scope[i]);
        if (!found)
            perr_field(e, f, "is not a scope of the Production tab");
        else if (strlen(in->describe_text[i]) > SCOPE_DESC_MAX)
            perr_field(e, f, "must be at most %d characters", SCOPE_DESC_MAX);
    }
    if (e->kind != PERR_NONE)
        goto out;
    if (in->meeting_sdk >= 0)
        cur->meeting_sdk = in->meeting_sdk;
    qsort(cur->scopes, (size_t)cur->nscopes, sizeof cur->scopes[0], scope_cmp);
    json_t *scopes = json_array();
    for (int i = 0; i < cur->nscopes; i++)
        json_array_append_new(scopes, json_pack("{s:s,s:s}", "scope", cur->scopes[i].scope, "description",
                                                cur->scopes[i].description));
    json_t *doc = json_pack("{s:{s:b,s:b},s:o}", "features", "meeting_sdk", cur->meeting_sdk, "device_oauth", 0,
                            "scopes", scopes);
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(doc);
    struct production_tx tx = {.a = &a, .text = text, .now = clock_now()};
    int ok = text && db_transaction(db, production_tx, &tx) == 0;
    free(text);
    if (!ok) {
        perr_set(e, PERR_INTERNAL, "Storing the Production tab failed.");
        goto out;
    }
    rc = app_tab_get(db, app_id, ENV_PRODUCTION, out, e);
out:
    free(cur);
    free(dev);
    return rc;
}
