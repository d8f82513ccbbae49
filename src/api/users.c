/* Users as the REST API shows them (zoom-wire §2.7). */
#include "api/api.h"
#include "core/zoom_codes.h"
#include "api/request_schema.h"
#include "api/timeutil.h"
#include "api/zak.h"
#include "api/paging.h"
#include "core/urls.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "api/user_data_store.h"
#include "core/tcache.h"
#include "events/events.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int api_user_resolve(struct db *db, const struct api_caller *c, const char *user_param, struct user *out,
                     int *is_self, struct perr *e)
{
    const char *wanted = strcmp(user_param, "me") == 0 ? c->user_id : user_param;
    int found = strlen(wanted) <= USER_EMAIL_MAX ? user_find(db, wanted, out) : 0;
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the user failed.");
    if (found == 0 || strcmp(out->account_id, c->account_id) != 0) {
        /* a user of another account is no different from no user at all */
        perr_set(e, PERR_NOT_FOUND, "User does not exist: %.200s.", user_param);
        e->zoom_code = ZOOM_USER_NOT_FOUND;
        return -1;
    }
    *is_self = strcmp(out->id, c->user_id) == 0;
    return 0;
}

static void iso(char out[21], int64_t t) { clock_format(t, out); }

void api_user_jid(const char *user_id, char out[CHAT_JID_MAX])
{
    size_t i = 0;
    for (; user_id[i] && i < 40; i++)
        out[i] = (char)tolower((unsigned char)user_id[i]);
    snprintf(out + i, CHAT_JID_MAX - i, "@xmpp.zoom.us");
}

json_t *api_user_object(const struct user *u)
{
    static const char *const role_names[] = {"Owner", "Admin", "Member"};
    static const char *const role_ids[] = {"0", "1", "2"};
    char created[21], login[21], jid[CHAT_JID_MAX], pmi_url[700];
    iso(created, u->created_at);
    iso(login, u->last_login_at ? u->last_login_at : u->created_at);
    api_user_jid(u->id, jid);
    snprintf(pmi_url, sizeof pmi_url, "%s/j/%lld", urls_web(), (long long)u->pmi);

    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(u->id));
    json_object_set_new(o, "first_name", json_string(u->first_name));
    json_object_set_new(o, "last_name", json_string(u->last_name));
    json_object_set_new(o, "display_name", json_string(u->display_name));
    json_object_set_new(o, "email", json_string(u->email));
    json_object_set_new(o, "type", json_integer(u->type));
    json_object_set_new(o, "role_name", json_string(role_names[u->role]));
    json_object_set_new(o, "pmi", json_integer(u->pmi));
    json_t *extra = json_loads(u->extra, 0, NULL);
    json_object_set_new(o, "use_pmi", json_boolean(json_is_true(json_object_get(extra, "use_pmi"))));
    json_object_set_new(o, "personal_meeting_url", json_string(pmi_url));
    json_object_set_new(o, "timezone", json_string(u->timezone));
    json_object_set_new(o, "verified", json_integer(1));
    json_object_set_new(o, "dept", json_string(u->dept));
    json_object_set_new(o, "created_at", json_string(created));
    json_object_set_new(o, "last_login_time", json_string(login));
    /* present only when the user has a picture, where Zoom's objects carry it (after last_login_time and
     * last_client_version); "pic" is the picture's file name, set by api/pictures.c only */
    const char *pic = json_string_value(json_object_get(extra, "pic"));
    if (pic) {
        char url[700];
        snprintf(url, sizeof url, "%s/p/%s/%s", urls_web(), u->id, pic);
        json_object_set_new(o, "pic_url", json_string(url));
    }
    json_object_set_new(o, "cms_user_id", json_string(""));
    json_object_set_new(o, "jid", json_string(jid));
    json_object_set_new(o, "group_ids", json_array());
    json_object_set_new(o, "im_group_ids", json_array());
    json_object_set_new(o, "account_id", json_string(u->account_id));
    json_object_set_new(o, "language", json_string(u->language));
    json_object_set_new(o, "phone_country", json_string(""));
    json_object_set_new(o, "phone_number", json_string(u->phone_number));
    json_object_set_new(o, "status", json_string(u->status));
    json_object_set_new(o, "job_title", json_string(u->job_title));
    json_object_set_new(o, "cost_center", json_string(""));
    json_object_set_new(o, "location", json_string(u->location));
    json_object_set_new(o, "login_types", json_pack("[i]", 100));
    json_object_set_new(o, "role_id", json_string(role_ids[u->role]));
    json_object_set_new(o, "cluster", json_string("us01"));
    json_object_set_new(o, "user_created_at", json_string(created));
    static const char *const shown[] = {"vanity_name", "host_key", "company", "manager", "pronouns",
                                        "pronouns_option", "phone_numbers", "custom_attributes", NULL};
    for (const char *const *f = shown; *f; f++)
        if (json_object_get(extra, *f))
            json_object_set(o, *f, json_object_get(extra, *f));
    json_t *cms = json_object_get(extra, "cms_user_id");
    if (json_is_string(cms))
        json_object_set(o, "cms_user_id", cms);
    json_decref(extra);
    return o;
}

int api_user_body(struct db *db, const struct api_caller *c, const char *user_param, struct user_body *out,
                  struct perr *e)
{
    const char **body = &out->text;
    size_t *len = &out->len;
    int *is_self = &out->is_self;
    /* cached values: the user's account id, a NUL, then the body */
    uint64_t version = users_version();
    const char *id = strcmp(user_param, "me") == 0 ? c->user_id : user_param;
    size_t vlen;
    const char *v = strchr(id, '@') ? NULL : tcache_get(TCACHE_USERS, id, strlen(id), version, &vlen);
    if (v && vlen > ID_LEN && strcmp(v, c->account_id) == 0) {
        *is_self = strcmp(id, c->user_id) == 0;
        *body = v + ID_LEN;
        *len = vlen - ID_LEN;
        return 0;
    }
    struct user u;
    if (api_user_resolve(db, c, user_param, &u, is_self, e) != 0)
        return -1;
    json_t *o = api_user_object(&u);
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!text)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    size_t n = strlen(text);
    char buf[TCACHE_VALUE_MAX];
    if (ID_LEN + n + 1 <= sizeof buf) {
        memcpy(buf, u.account_id, ID_LEN);
        memcpy(buf + ID_LEN, text, n + 1);
        tcache_put(TCACHE_USERS, u.id, strlen(u.id), version, buf, ID_LEN + n);
    }
    v = tcache_get(TCACHE_USERS, u.id, strlen(u.id), version, &vlen);
    if (v) {
        *body = v + ID_LEN;
        *len = vlen - ID_LEN;
    } else { /* too large to cache: hand out a thread-local copy */
        static _Thread_local char big[3 * TCACHE_VALUE_MAX];
        snprintf(big, sizeof big, "%s", text);
        *body = big;
        *len = strlen(big);
    }
    free(text);
    return 0;
}

/* ---- PATCH /users/{userId} ---------------------------------------------------- */

/* Profile fields kept in the user's extra document, shown when set. */
static const char *const extra_fields[] = {"use_pmi", "vanity_name", "host_key", "cms_user_id", "company",
                                           "manager", "pronouns", "pronouns_option", "about_me", "linkedin_url",
                                           "phone_numbers", "custom_attributes", NULL};

static int take(char *dst, size_t size, json_t *v, const char *field, struct perr *e)
{
    if (!v)
        return 0;
    const char *s = json_string_value(v);
    if (!s || strlen(s) >= size)
        return perr_field(e, field, "must be a string of at most %zu characters", size - 1);
    memcpy(dst, s, strlen(s) + 1);
    return 0;
}

struct user_tx {
    const struct user *n;
    json_t *payload; /* taken */
    struct perr *e;
    int ran;
};

static int user_in_tx(struct db *db, void *arg)
{
    struct user_tx *t = arg;
    t->ran = 1;
    if (user_save(db, t->n, t->e) != 0) {
        json_decref(t->payload);
        return -1;
    }
    return events_emit(db, t->n->account_id, NULL, "user.updated", t->payload) != 0 ? -1 : 0;
}

int api_user_update(struct db *db, const struct api_caller *c, int admin, struct user *u, json_t *body,
                    struct perr *e)
{
    const json_t *schema = schema_of("userUpdate");
    if (schema && schema_validate(schema, body, e) != 0)
        return -1;
    struct user n = *u;
    take(n.first_name, sizeof n.first_name, json_object_get(body, "first_name"), "first_name", e);
    take(n.last_name, sizeof n.last_name, json_object_get(body, "last_name"), "last_name", e);
    take(n.timezone, sizeof n.timezone, json_object_get(body, "timezone"), "timezone", e);
    take(n.language, sizeof n.language, json_object_get(body, "language"), "language", e);
    take(n.dept, sizeof n.dept, json_object_get(body, "dept"), "dept", e);
    take(n.job_title, sizeof n.job_title, json_object_get(body, "job_title"), "job_title", e);
    take(n.location, sizeof n.location, json_object_get(body, "location"), "location", e);
    json_t *display = json_object_get(body, "display_name");
    if (display)
        take(n.display_name, sizeof n.display_name, display, "display_name", e);
    else if (json_object_get(body, "first_name") || json_object_get(body, "last_name"))
        snprintf(n.display_name, sizeof n.display_name, "%s%s%s", n.first_name,
                 n.first_name[0] && n.last_name[0] ? " " : "", n.last_name);
    json_t *type = json_object_get(body, "type");
    if (type) {
        json_int_t t = json_integer_value(type);
        if (t != 1 && t != 2)
            perr_field(e, "type", "must be 1 (Basic) or 2 (Licensed)");
        else if (!admin)
            perr_field(e, "type", "only an account administrator can change the user type");
        else
            n.type = (int)t;
    }
    json_t *pmi = json_object_get(body, "pmi");
    if (pmi) {
        json_int_t p = json_is_integer(pmi) ? json_integer_value(pmi) : 0;
        if (p < 1000000000LL || p > 9999999999LL)
            perr_field(e, "pmi", "must be a 10-digit number");
        else
            n.pmi = p;
    }
    if (n.timezone[0] && !tz_valid(n.timezone))
        perr_field(e, "timezone", "is not a known time zone");
    json_t *extra = json_loads(u->extra, 0, NULL);
    if (!extra)
        extra = json_object();
    for (const char *const *f = extra_fields; *f; f++) {
        json_t *v = json_object_get(body, *f);
        if (v)
            json_object_set(extra, *f, v);
    }
    char *text = json_dumps(extra, JSON_COMPACT);
    json_decref(extra);
    if (!text || strlen(text) >= sizeof n.extra)
        perr_field(e, "body", "the profile is too large");
    else
        memcpy(n.extra, text, strlen(text) + 1);
    free(text);
    if (e->kind != PERR_NONE) {
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        if (e->kind == PERR_INVALID)
            snprintf(e->message, sizeof e->message, "Validation Failed.");
        return -1;
    }
    /* user.updated: the fields that changed and what they were */
    json_t *before = api_user_object(u), *after = api_user_object(&n);
    json_t *object = json_pack("{s:s}", "id", n.id), *old = json_pack("{s:s}", "id", n.id);
    const char *k;
    json_t *v;
    json_object_foreach(after, k, v)
    {
        json_t *was = json_object_get(before, k);
        if (!was || !json_equal(was, v)) {
            json_object_set(object, k, v);
            if (was)
                json_object_set(old, k, was);
        }
    }
    json_decref(before);
    json_decref(after);
    char email[USER_EMAIL_MAX + 1];
    api_operator(db, c, email);
    json_t *payload = json_pack("{s:s,s:s,s:s,s:o,s:o,s:I}", "account_id", n.account_id, "operator", email,
                                "operator_id", c->user_id, "object", object, "old_object", old, "time_stamp",
                                (json_int_t)clock_now_ms());
    struct user_tx t = {&n, payload, e, 0};
    int rc = db_transaction(db, user_in_tx, &t);
    if (!t.ran)
        json_decref(payload);
    if (rc != 0)
        return api_tx_error(e, t.ran, "Storing the user failed.");
    *u = n;
    return 0;
}

/* ---- assistants ------------------------------------------------------------------ */

#define ASSISTANTS_MAX 30

static int paid_account(struct db *db, const struct user *u, struct perr *e)
{
    int paid = account_paid(db, u->account_id, e);
    if (paid < 0)
        return -1;
    if (!paid) {
        perr_set(e, PERR_INVALID, "Current account must be paid account: %.30s", u->id);
        e->zoom_code = ZOOM_NO_PERMISSION;
        return -1;
    }
    return 0;
}

struct assistant_row {
    char id[ID_LEN], email[USER_EMAIL_MAX + 1];
    int64_t created_at;
};

struct assistant_rows {
    struct assistant_row *rows;
    size_t n, cap;
    int failed;
};

static void collect_assistant(const char *assistant_id, int64_t created_at, void *arg)
{
    struct assistant_rows *a = arg;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        struct assistant_row *grown = realloc(a->rows, cap * sizeof *grown);
        if (!grown) {
            a->failed = 1;
            return;
        }
        a->rows = grown;
        a->cap = cap;
    }
    struct assistant_row *r = &a->rows[a->n++];
    snprintf(r->id, sizeof r->id, "%s", assistant_id);
    r->email[0] = '\0';
    r->created_at = created_at;
}

/* Zoom's order: when added, then by e-mail. */
static int by_added_then_email(const void *x, const void *y)
{
    const struct assistant_row *a = x, *b = y;
    if (a->created_at != b->created_at)
        return a->created_at < b->created_at ? -1 : 1;
    return strcmp(a->email, b->email);
}

int api_assistants_list(struct db *db, const struct user *u, json_t **out, struct perr *e)
{
    struct assistant_rows a = {0};
    if (assistant_store_each(db, u->id, collect_assistant, &a) != 0 || a.failed) {
        free(a.rows);
        return perr_set(e, PERR_INTERNAL, "Listing assistants failed.");
    }
    size_t kept = 0;
    for (size_t i = 0; i < a.n; i++) { /* the e-mail from the users' owner; an assistant deleted meanwhile is gone */
        struct user who;
        if (user_find(db, a.rows[i].id, &who) == 1) {
            a.rows[kept] = a.rows[i];
            snprintf(a.rows[kept++].email, sizeof a.rows[0].email, "%s", who.email);
        }
    }
    if (kept > 1)
        qsort(a.rows, kept, sizeof *a.rows, by_added_then_email);
    json_t *items = json_array();
    for (size_t i = 0; i < kept; i++)
        json_array_append_new(items, json_pack("{s:s,s:s}", "id", a.rows[i].id, "email", a.rows[i].email));
    free(a.rows);
    *out = json_pack("{s:o}", "assistants", items);
    return 0;
}

struct assistants_tx {
    const struct user *u;
    const struct user *found;
    size_t n;
    int64_t now;
    int ran, failed;
};

static int assistants_in_tx(struct db *db, void *arg)
{
    struct assistants_tx *t = arg;
    t->ran = 1;
    for (size_t i = 0; i < t->n; i++)
        if (assistant_store_add(db, t->u->id, t->found[i].id, t->now) != 0) {
            t->failed = 1;
            return -1;
        }
    return 0;
}

int api_assistants_add(struct db *db, const struct user *u, json_t *body, json_t **out, struct perr *e)
{
    const json_t *schema = schema_of("userAssistantCreate");
    if (schema && schema_validate(schema, body, e) != 0)
        return -1;
    json_t *list = json_object_get(body, "assistants");
    if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > ASSISTANTS_MAX) {
        perr_field(e, "assistants", "must be an array of 1 to %d assistants", ASSISTANTS_MAX);
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    if (paid_account(db, u, e) != 0)
        return -1;
    struct user found[ASSISTANTS_MAX];
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        const char *id = json_string_value(json_object_get(a, "id"));
        const char *email = json_string_value(json_object_get(a, "email"));
        char f[48];
        snprintf(f, sizeof f, "assistants[%zu]", i);
        const char *key = id && *id ? id : email;
        if (!key || user_find(db, key, &found[i]) != 1 || strcmp(found[i].account_id, u->account_id) != 0)
            perr_field(e, f, "must name a user of the same account by id or email");
        else if (strcmp(found[i].id, u->id) == 0)
            perr_field(e, f, "a user cannot be their own assistant");
    }
    if (e->kind != PERR_NONE) {
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    int64_t now = clock_now();
    struct assistants_tx t = {u, found, json_array_size(list), now, 0, 0};
    if (db_transaction(db, assistants_in_tx, &t) != 0)
        return perr_set(e, PERR_INTERNAL, "%s",
                        !t.ran ? "The store is busy."
                        : t.failed ? "Storing assistants failed." : "Committing assistants failed.");
    char ids[ASSISTANTS_MAX * ID_LEN] = "";
    for (i = 0; i < json_array_size(list); i++) {
        if (i)
            strcat(ids, ",");
        strcat(ids, found[i].id);
    }
    char at[21];
    clock_format(now, at);
    *out = json_pack("{s:s,s:s}", "ids", ids, "add_at", at);
    return 0;
}

int api_assistants_remove(struct db *db, const struct user *u, const char *assistant_id, struct perr *e)
{
    int64_t removed = assistant_store_remove(db, u->id, assistant_id);
    if (removed < 0)
        return perr_set(e, PERR_INTERNAL, "Removing assistants failed.");
    if (assistant_id && removed == 0) {
        perr_set(e, PERR_NOT_FOUND, "Assistant does not exist: %.40s.", assistant_id);
        e->zoom_code = ZOOM_USER_NOT_FOUND;
        return -1;
    }
    return 0;
}

/* ---- token ------------------------------------------------------------------------- */

int api_user_token(const struct user *u, const char *type, const char *ttl, json_t **out, struct perr *e)
{
    if (type && strcmp(type, "zak") != 0 && strcmp(type, "token") != 0) {
        perr_field(e, "type", "must be token or zak");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    long long seconds = ZAK_TTL_DEFAULT;
    if (ttl) {
        char *end;
        seconds = strtoll(ttl, &end, 10);
        if (*ttl == '\0' || *end != '\0' || seconds < 1 || seconds > ZAK_TTL_MAX) {
            perr_field(e, "ttl", "must be 1 to %lld seconds", (long long)ZAK_TTL_MAX);
            e->zoom_code = ZOOM_VALIDATION_FAILED;
            return -1;
        }
    }
    char zak[1024];
    if (zak_mint(u->id, u->account_id, 0, seconds, zak, sizeof zak) != 0)
        return perr_set(e, PERR_INTERNAL, "Minting the token failed.");
    *out = json_pack("{s:s}", "token", zak);
    return 0;
}

/* ---- the account's users (GET /users) ------------------------------------------ */

/* A user as the list shows one: the object's fields the list has, in its order. */
static json_t *user_list_item(const struct user *u, int host_key)
{
    static const char *const keys[] = {"id",       "first_name", "last_name",       "display_name", "email",
                                       "type",     "pmi",        "timezone",        "verified",     "dept",
                                       "user_created_at", "created_at", "last_login_time", "language",
                                       "phone_number", "status", "role_id", "group_ids", "im_group_ids", NULL};
    json_t *whole = api_user_object(u), *o = json_object();
    for (const char *const *k = keys; *k; k++)
        if (json_object_get(whole, *k))
            json_object_set(o, *k, json_object_get(whole, *k));
    if (host_key && json_is_string(json_object_get(whole, "host_key")))
        json_object_set(o, "host_key", json_object_get(whole, "host_key"));
    json_decref(whole);
    return o;
}

int api_user_list(struct db *db, const struct api_caller *c, const struct user_list_query *q, json_t **out,
                  struct perr *e)
{
    static const char *const role_of_id[] = {"owner", "admin", "member"};
    const char *status = q->status && *q->status ? q->status : "active", *role = NULL;
    if (strcmp(status, "active") != 0 && strcmp(status, "inactive") != 0 && strcmp(status, "pending") != 0) {
        perr_field(e, "status", "must be active, inactive or pending");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    int no_role = 0;
    if (q->role_id && *q->role_id) {
        /* Zoom's built-in roles: 0 owner, 1 admin, 2 member; another role id has no users here */
        if (strcmp(q->role_id, "0") == 0 || strcmp(q->role_id, "1") == 0 || strcmp(q->role_id, "2") == 0)
            role = role_of_id[q->role_id[0] - '0'];
        else
            no_role = 1;
    }
    struct page_query page;
    if (page_parse(q->page_size, q->page_number, q->next_page_token, &page, e) != 0)
        return -1;
    char after[65] = "";
    int64_t unused;
    if (page.token && page_token_read(page.token, "users", &unused, after, e) != 0)
        return -1;
    /* page_number (deprecated by Zoom) counts pages from the first when there is no token */
    int64_t offset = !page.token && page.number > 1 ? (int64_t)(page.number - 1) * page.size : 0;
    struct user_filter f = {c->account_id, after, status, role, offset};
    int64_t total = no_role ? 0 : user_count(db, &f);
    if (total < 0)
        return perr_set(e, PERR_INTERNAL, "Listing users failed.");
    struct user *list = malloc((size_t)(page.size + 1) * sizeof *list);
    if (!list)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    int n = 0;
    if (!no_role && user_list(db, &f, list, page.size + 1, &n, e) != 0) {
        free(list);
        return -1;
    }
    int host_key = q->include_fields && strstr(q->include_fields, "host_key");
    json_t *users = json_array();
    for (int i = 0; i < n && i < page.size; i++)
        json_array_append_new(users, user_list_item(&list[i], host_key));
    char next[PAGE_TOKEN_MAX] = "";
    if (n > page.size)
        page_token_make("users", 0, list[page.size - 1].id, next);
    free(list);
    json_t *o = json_object();
    page_members(o, next, &page, total, 1);
    json_object_set_new(o, "users", users);
    *out = o;
    return 0;
}
