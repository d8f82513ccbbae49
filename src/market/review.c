/* Submission and review: submit (only with a ready checklist), withdraw,
 * the reviewer's start/approve/reject with reasons per section, publish.
 * Each step is one transaction that moves the app along states.c's table,
 * records the transition (who, when, notes, reasons) and keeps the
 * version's row and snapshot in step. */
#include "core/clock.h"
#include "core/db.h"
#include "market/app_review_store.h"
#include "market/apps_store.h"
#include "market/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const review_sections[] = {SECTION_BASIC, SECTION_LISTING, SECTION_FEATURES,
                                              SECTION_SCOPES, SECTION_TECHNICAL, SECTION_SUBMISSION};

/* What a reviewer sees of the version submitted: settings, sections, media. */
static char *snapshot(struct db *db, const char *app_id)
{
    struct app_details *d = malloc(sizeof *d);
    struct app_tab *prod = malloc(sizeof *prod);
    struct media *m = malloc(sizeof *m * MEDIA_LIST_MAX);
    json_t *doc = NULL, *o = NULL;
    struct perr e = {0};
    char *text = NULL;
    int n = 0;
    if (!d || !m || !prod || app_details(db, app_id, d, &e) != 0 || sections_get(db, app_id, &doc, &e) != 0 ||
        app_tab_get(db, app_id, ENV_PRODUCTION, prod, &e) != 0 || media_list(db, app_id, m, MEDIA_LIST_MAX, &n, &e) != 0)
        goto out;
    json_t *scopes = json_array(), *urls = json_object(), *media = json_array();
    for (int i = 0; i < prod->nscopes; i++) /* the Production tab is what is reviewed */
        json_array_append_new(scopes, json_pack("{s:s,s:s}", "scope", prod->scopes[i].scope, "description",
                                                prod->scopes[i].description));
    for (int env = 0; env < 2; env++) {
        json_t *allow = json_array();
        for (int i = 0; i < d->urls[env].nallow; i++)
            json_array_append_new(allow, json_string(d->urls[env].allow[i]));
        json_object_set_new(urls, app_env_name(env),
                            json_pack("{s:s,s:o}", "redirect_url", d->urls[env].redirect_url, "allow_list", allow));
    }
    for (int i = 0; i < n; i++)
        json_array_append_new(media, json_pack("{s:s,s:s,s:s,s:s}", "id", m[i].id, "kind", media_kind_name(m[i].kind),
                                               "filename", m[i].filename, "sha256", m[i].sha256));
    o = json_pack("{s:s,s:s,s:s,s:o,s:{s:b},s:o,s:O,s:o}", "name", d->app.name, "type",
                  app_type_name(d->app.type), "management", app_mgmt_name(d->app.management), "scopes", scopes,
                  "production_features", "meeting_sdk", prod->meeting_sdk, "oauth", urls, "sections", doc, "media",
                  media);
    text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
out:
    json_decref(o);
    json_decref(doc);
    free(d);
    free(prod);
    free(m);
    return text;
}

static int wrong_state(struct perr *e, const struct app *a, enum app_state from, enum app_event ev)
{
    char allowed[128];
    app_state_allowed(from, allowed, sizeof allowed);
    perr_set(e, PERR_CONFLICT, "App %s is %s: it cannot %s now.", a->id, a->status,
             ev == APP_EV_START_REVIEW ? "go into review" : app_event_name(ev));
    perr_field(e, "status", "is %s; what can happen from here: %s", a->status, allowed);
    e->kind = PERR_CONFLICT;
    return -1;
}

/* A move of the app along states.c's table, by one actor. */
struct move {
    struct app *a; /* moved along: its status follows */
    const char *actor_kind, *actor_id;
    const char *notes, *sections; /* NULL: none */
    int version;                  /* the app's current version */
    const char *scopes, *snapshot; /* submit: what is submitted, and when */
    int64_t submitted_at;
    enum app_event ev; /* review: the decision */
    struct perr *e;
};

/* Moves the app by `ev` (inside the move's transaction) and records who did it. */
static int step(struct db *db, struct move *m, enum app_event ev, const char *notes, const char *sections)
{
    struct app *a = m->a;
    enum app_state from;
    if (app_state_parse(a->status, &from) != 0)
        from = APP_DRAFT;
    int to = app_state_next(from, ev);
    if (to < 0)
        return wrong_state(m->e, a, from, ev);
    int64_t now = clock_now();
    int version = app_current_version(db, a->id);
    const char *to_name = app_state_name((enum app_state)to);
    struct transition_new t = {.app_id = a->id,
                               .version = version,
                               .from = a->status,
                               .to = to_name,
                               .actor_kind = m->actor_kind,
                               .actor_id = m->actor_id,
                               .notes = notes ? notes : "",
                               .sections = sections ? sections : "",
                               .at = now};
    if (app_store_move(db, a->id, a->status, to_name, now) != 1 ||
        version_store_move(db, a->id, version, to_name, now) != DB_DONE || transition_store_insert(db, &t) != DB_DONE)
        return perr_set(m->e, PERR_INTERNAL, "Recording the transition failed.");
    snprintf(a->status, sizeof a->status, "%s", to_name);
    a->updated_at = now;
    return 0;
}

/* Runs body(db, move) in one transaction (`ran`: it began; `rc`: the body's
 * result, to tell a failed body from a failed commit). */
struct move_tx {
    int (*body)(struct db *db, struct move *m);
    struct move *m;
    int ran, rc;
};

static int move_tx(struct db *db, void *arg)
{
    struct move_tx *t = arg;
    t->ran = 1;
    return t->rc = t->body(db, t->m);
}

/* The move in its transaction, then the app as it is now into out. */
static int run_move(struct db *db, int (*body)(struct db *db, struct move *m), struct move *m, struct app *out)
{
    struct move_tx t = {.body = body, .m = m};
    struct perr *e = m->e;
    if (db_transaction(db, move_tx, &t) != 0) {
        if (!t.ran)
            return perr_set(e, PERR_INTERNAL, "The store is busy.");
        if (t.rc == 0)
            return perr_set(e, PERR_INTERNAL, "Committing the transition failed.");
        return e->kind != PERR_NONE ? -1 : perr_set(e, PERR_INTERNAL, "Storing the transition failed.");
    }
    mailer_wake(); /* a notice may be waiting */
    return app_get(db, m->a->id, out, e);
}

static int notes_ok(const char *notes, struct perr *e)
{
    if (notes && strlen(notes) > MARKET_NOTES_MAX)
        return perr_field(e, "notes", "must be at most %d bytes", MARKET_NOTES_MAX);
    return 0;
}

/* The developer: the operator, or a user of the app's account who may manage
 * its apps (an owner or admin, a member with Marketplace permissions, or the
 * member who created it). */
static int developer(struct db *db, const struct app *a, const char *actor, struct market_actor *out, struct perr *e)
{
    if (market_actor_resolve(db, actor, "actor", out, e) != 0)
        return -1;
    if (!out->is_operator && !market_may_manage_app(db, a, &out->user))
        return market_refuse_manage(a->account_id, &out->user, "actor", e);
    return 0;
}

static int submit_body(struct db *db, struct move *m)
{
    if (version_store_submit(db, m->a->id, m->version, m->scopes, m->snapshot, m->submitted_at) != DB_DONE ||
        step(db, m, APP_EV_SUBMIT, m->notes, NULL) != 0)
        return -1;
    return notify_submitted(db, m->a, m->version, m->actor_id);
}

static int withdraw_body(struct db *db, struct move *m) { return step(db, m, APP_EV_WITHDRAW, m->notes, NULL); }

static int review_body(struct db *db, struct move *m)
{
    /* a decision on a version nobody picked up yet starts its review first, on the record */
    if ((m->ev == APP_EV_APPROVE || m->ev == APP_EV_REJECT) && strcmp(m->a->status, "submitted") == 0 &&
        step(db, m, APP_EV_START_REVIEW, "", NULL) != 0)
        return -1;
    if (step(db, m, m->ev, m->notes, m->sections) != 0)
        return -1;
    if (m->ev != APP_EV_APPROVE && m->ev != APP_EV_REJECT)
        return 0;
    struct notice_decision d = {.app = m->a,
                                .version = app_current_version(db, m->a->id),
                                .approved = m->ev == APP_EV_APPROVE,
                                .notes = m->notes,
                                .sections = m->sections};
    return notify_review(db, &d);
}

static int publish_body(struct db *db, struct move *m)
{
    struct app cur; /* the version live until now, as this transaction sees it */
    if (step(db, m, APP_EV_PUBLISH, m->notes, NULL) != 0 || app_store_get(db, m->a->id, &cur) != 1 ||
        version_store_supersede(db, m->a->id, cur.live_version, m->version) != DB_DONE ||
        app_store_publish(db, m->a->id, m->version) != DB_DONE)
        return -1;
    return 0;
}

int app_submit(struct db *db, const char *app_id, const struct app_step *request, struct app *out,
               struct submit_check *check, struct perr *e)
{
    struct checklist *list = check->list;
    int *not_ready = &check->not_ready;
    const char *actor = request->actor, *notes = request->notes;
    struct app a;
    struct market_actor who;
    *not_ready = 0;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    if (a.type != APP_OAUTH && a.type != APP_CHATBOT)
        return perr_field(e, "type", "%s apps stay in their account: only OAuth and chatbot apps are submitted",
                          app_type_name(a.type));
    if (notes_ok(notes, e) != 0 || developer(db, &a, actor, &who, e) != 0)
        return -1;
    enum app_state from;
    if (app_state_parse(a.status, &from) != 0 || app_state_next(from, APP_EV_SUBMIT) < 0)
        return wrong_state(e, &a, from, APP_EV_SUBMIT);
    if (app_checklist(db, app_id, list, e) != 0)
        return -1;
    if (!list->ready) {
        *not_ready = 1;
        perr_set(e, PERR_UNPROCESSABLE, "App %s is not ready for submission: see the checklist.", app_id);
        return -1;
    }
    char scopes[SCOPES_STR_MAX];
    char *snap = snapshot(db, app_id);
    /* the version is the Production tab's: its scopes are what other accounts are asked for once published */
    if (!snap || app_env_scopes(db, app_id, ENV_PRODUCTION, scopes, sizeof scopes) != 0) {
        free(snap);
        return perr_set(e, PERR_INTERNAL, "Taking the version's snapshot failed.");
    }
    struct move m = {.a = &a,
                     .actor_kind = who.is_operator ? "operator" : "developer",
                     .actor_id = market_actor_id(&who),
                     .notes = notes,
                     .version = app_current_version(db, app_id),
                     .scopes = scopes,
                     .snapshot = snap,
                     .submitted_at = clock_now(),
                     .e = e};
    int rc = run_move(db, submit_body, &m, out);
    free(snap);
    return rc;
}

int app_withdraw(struct db *db, const char *app_id, const struct app_step *request, struct app *out, struct perr *e)
{
    const char *actor = request->actor, *notes = request->notes;
    struct app a;
    struct market_actor who;
    if (app_get(db, app_id, &a, e) != 0 || notes_ok(notes, e) != 0 || developer(db, &a, actor, &who, e) != 0)
        return -1;
    struct move m = {.a = &a,
                     .actor_kind = who.is_operator ? "operator" : "developer",
                     .actor_id = market_actor_id(&who),
                     .notes = notes,
                     .e = e};
    return run_move(db, withdraw_body, &m, out);
}

int app_publish(struct db *db, const char *app_id, const struct app_step *request, struct app *out, struct perr *e)
{
    const char *actor = request->actor, *notes = request->notes;
    struct app a;
    struct market_actor who;
    if (app_get(db, app_id, &a, e) != 0 || notes_ok(notes, e) != 0 || developer(db, &a, actor, &who, e) != 0)
        return -1;
    struct move m = {.a = &a,
                     .actor_kind = who.is_operator ? "operator" : "developer",
                     .actor_id = market_actor_id(&who),
                     .notes = notes,
                     .version = app_current_version(db, app_id),
                     .e = e};
    return run_move(db, publish_body, &m, out);
}

int app_review(struct db *db, const char *app_id, const struct app_review *in, struct app *out, struct perr *e)
{
    struct app a;
    struct market_actor who;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    enum app_event ev;
    if (!in->decision)
        return perr_field(e, "decision", "is required: start, approve or reject");
    if (strcmp(in->decision, "start") == 0)
        ev = APP_EV_START_REVIEW;
    else if (strcmp(in->decision, "approve") == 0)
        ev = APP_EV_APPROVE;
    else if (strcmp(in->decision, "reject") == 0)
        ev = APP_EV_REJECT;
    else
        return perr_field(e, "decision", "must be start, approve or reject");
    notes_ok(in->notes, e);
    json_t *reasons = json_object();
    for (int i = 0; i < in->nsections; i++) {
        char f[80];
        snprintf(f, sizeof f, "sections.%.60s", in->section[i]);
        int known = 0;
        for (size_t k = 0; k < sizeof review_sections / sizeof review_sections[0]; k++)
            known |= strcmp(in->section[i], review_sections[k]) == 0;
        if (!known)
            perr_field(e, f, "is not a section: basic_information, app_listing, features, scopes, technical_design "
                             "or submission");
        else if (!in->reason[i] || !*in->reason[i] || strlen(in->reason[i]) > MARKET_NOTES_MAX)
            perr_field(e, f, "needs a reason of 1 to %d bytes", MARKET_NOTES_MAX);
        else
            json_object_set_new(reasons, in->section[i], json_string(in->reason[i]));
    }
    if (ev == APP_EV_REJECT && in->nsections == 0 && (!in->notes || !*in->notes))
        perr_field(e, "sections", "a rejection needs reasons: per section, or at least notes");
    if (ev != APP_EV_REJECT && in->nsections > 0)
        perr_field(e, "sections", "reasons per section go with a rejection");
    if (e->kind == PERR_NONE && market_actor_resolve(db, in->reviewer, "reviewer", &who, e) == 0 &&
        !who.is_operator) {
        if (!plaza_role_is(db, PLAZA_REVIEWER, who.user.id)) {
            perr_set(e, PERR_FORBIDDEN, "User %s does not have the reviewer role.", who.user.id);
            perr_field(e, "reviewer", "is not a reviewer");
            e->kind = PERR_FORBIDDEN;
        } else if (strcmp(who.user.account_id, a.account_id) == 0) {
            perr_set(e, PERR_FORBIDDEN, "Reviewers do not review apps of their own account.");
            perr_field(e, "reviewer", "belongs to the developer's account");
            e->kind = PERR_FORBIDDEN;
        }
    }
    char *sections = e->kind == PERR_NONE && in->nsections ? json_dumps(reasons, JSON_COMPACT) : NULL;
    json_decref(reasons);
    if (e->kind != PERR_NONE)
        return -1;
    struct move m = {.a = &a,
                     .actor_kind = who.is_operator ? "operator" : "reviewer",
                     .actor_id = market_actor_id(&who),
                     .notes = in->notes,
                     .sections = sections,
                     .ev = ev,
                     .e = e};
    int rc = run_move(db, review_body, &m, out);
    free(sections);
    return rc;
}

/* Who made the transition, by e-mail, when a user did (their account may be gone). */
static void actor_email(struct db *db, struct app_transition *t)
{
    struct user u;
    t->actor_email[0] = '\0';
    if (t->actor_id[0] && !strchr(t->actor_id, '@') && user_find(db, t->actor_id, &u) == 1)
        snprintf(t->actor_email, sizeof t->actor_email, "%s", u.email);
}

int app_history(struct db *db, const char *app_id, struct app_transition *out, int max, int *n, struct perr *e)
{
    struct app a;
    *n = 0;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    if (transition_store_list(db, app_id, out, max, n) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the history failed.");
    for (int i = 0; i < *n; i++)
        actor_email(db, &out[i]);
    return 0;
}

int app_last_decision(struct db *db, const char *app_id, struct app_transition *out)
{
    int rc = transition_store_last_decision(db, app_id, out);
    if (rc == 1)
        actor_email(db, out);
    return rc;
}
