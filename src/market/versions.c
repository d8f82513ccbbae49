/* Versions of an app: the snapshot taken at each submission, the live
 * (published) version whose scopes outside accounts get, and the edit rules:
 * no edits while a version is submitted, in review or approved; an edit of a
 * published app opens the next version as a draft, while installs of the
 * live one keep working. */
#include "core/clock.h"
#include "core/db.h"
#include "market/app_review_store.h"
#include "market/apps_store.h"
#include "market/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int app_edit_check(struct db *db, const struct app *a, struct perr *e)
{
    (void)db;
    enum app_state s;
    if (app_state_parse(a->status, &s) != 0)
        s = APP_DRAFT;
    if (app_state_next(s, APP_EV_EDIT) >= 0)
        return 0;
    perr_set(e, PERR_CONFLICT, "App %s is %s: it cannot be edited until it is %s.", a->id, a->status,
             s == APP_APPROVED ? "published or withdrawn" : "withdrawn or decided");
    perr_field(e, "status", "is %s; withdraw the submission to edit the app", a->status);
    e->kind = PERR_CONFLICT;
    return -1;
}

int app_edit_done(struct db *db, const struct app *before)
{
    if (strcmp(before->status, "published") == 0) {
        int64_t now = clock_now();
        int version = app_store_open_version(db, before->id, now);
        if (!version)
            return -1;
        char scopes[SCOPES_STR_MAX];
        char notes[80];
        snprintf(notes, sizeof notes, "An edit of the published app opened version %d.", version);
        struct transition_new t = {.app_id = before->id,
                                   .version = version,
                                   .from = "published",
                                   .to = "draft",
                                   .actor_kind = "developer",
                                   .actor_id = "",
                                   .notes = notes,
                                   .sections = "",
                                   .at = now};
        if (app_scopes(db, before->id, scopes, sizeof scopes) != 0 ||
            version_store_open(db, before->id, version, scopes, now) != DB_DONE ||
            transition_store_insert(db, &t) != DB_DONE)
            return -1;
    }
    return link_recheck(db, before->id);
}

int64_t app_revision(struct db *db, const char *app_id) { return app_store_revision(db, app_id); }

int app_revision_claim(struct db *db, const char *app_id, int64_t expected, int64_t *revision)
{
    int64_t v = app_store_bump_revision(db, app_id, expected);
    if (v > 0) {
        *revision = v;
        return 1;
    }
    if (v < 0 || (*revision = app_store_revision(db, app_id)) < 0)
        return -1;
    return 0;
}

int app_current_version(struct db *db, const char *app_id)
{
    return app_store_version(db, app_id);
}

int app_live_version(struct db *db, const char *app_id, char *scopes, size_t size)
{
    if (scopes)
        scopes[0] = '\0';
    struct app a;
    if (app_store_get(db, app_id, &a) != 1 || a.live_version == 0)
        return 0;
    return version_store_scopes(db, app_id, a.live_version, scopes, size) == 1 ? a.live_version : 0;
}

int app_versions(struct db *db, const char *app_id, struct app_version *out, int max, int *n, struct perr *e)
{
    struct app a;
    *n = 0;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    if (version_store_list(db, app_id, out, max, n) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing versions failed.");
    int current = app_current_version(db, app_id), seen_current = 0;
    for (int i = 0; i < *n; i++)
        seen_current |= out[i].version == current;
    if (!seen_current && *n < max) { /* a first draft, never submitted: no row yet */
        memmove(out + 1, out, sizeof *out * (size_t)*n);
        memset(out, 0, sizeof *out);
        out->version = current;
        snprintf(out->status, sizeof out->status, "%s", a.status);
        app_scopes(db, app_id, out->scopes, sizeof out->scopes);
        out->created_at = a.created_at;
        (*n)++;
    }
    return 0;
}
