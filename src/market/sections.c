/* An app's sections beyond the core settings (apps.c): basic information's
 * install method and whitelist, the app listing's texts and URLs, features,
 * technical design answers and submission details, kept as one JSON
 * document per app and checked field by field against one table. Also the
 * production side of basic information (redirect URL, allow list, and the
 * production credentials it brings). */
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "market/app_listing_store.h"
#include "market/apps_store.h"
#include "market/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum field_type { F_TEXT, F_URL, F_EMAIL, F_BOOL, F_ENUM, F_URLS, F_COMMANDS, F_OFF };

#define T_ALL 0xfu
#define T_CHATBOT (1u << APP_CHATBOT)

struct section_field {
    const char *section, *name;
    enum field_type type;
    int max;              /* characters of text, items of lists */
    const char *choices;  /* F_ENUM: "a|b" */
    unsigned types;       /* app types that have the field */
};

static const struct section_field fields[] = {
    {SECTION_BASIC, "install_method", F_ENUM, 0, "marketplace|landing_page", T_ALL},
    {SECTION_BASIC, "direct_landing_url", F_URL, 0, NULL, T_ALL},
    {SECTION_BASIC, "whitelist_urls", F_URLS, APP_MAX_URLS, NULL, T_ALL},
    {SECTION_LISTING, "company_name", F_TEXT, 100, NULL, T_ALL},
    {SECTION_LISTING, "short_description", F_TEXT, 150, NULL, T_ALL},
    {SECTION_LISTING, "category", F_TEXT, 64, NULL, T_ALL},
    {SECTION_LISTING, "long_description", F_TEXT, 4000, NULL, T_ALL},
    {SECTION_LISTING, "developer_contact_name", F_TEXT, 100, NULL, T_ALL},
    {SECTION_LISTING, "developer_contact_email", F_EMAIL, 0, NULL, T_ALL},
    {SECTION_LISTING, "privacy_policy_url", F_URL, 0, NULL, T_ALL},
    {SECTION_LISTING, "terms_of_use_url", F_URL, 0, NULL, T_ALL},
    {SECTION_LISTING, "support_url", F_URL, 0, NULL, T_ALL},
    {SECTION_LISTING, "documentation_url", F_URL, 0, NULL, T_ALL},
    {SECTION_LISTING, "configure_url", F_URL, 0, NULL, T_ALL},
    {SECTION_FEATURES, "deauthorization_url", F_URL, 0, NULL, T_ALL},
    {SECTION_FEATURES, "bot_endpoint_url", F_URL, 0, NULL, T_CHATBOT},
    {SECTION_FEATURES, "chat_commands", F_COMMANDS, 10, NULL, T_CHATBOT},
    {SECTION_FEATURES, "meeting_sdk", F_BOOL, 0, NULL, T_ALL},
    {SECTION_FEATURES, "device_oauth", F_OFF, 0, NULL, T_ALL},
    {SECTION_TECHNICAL, "technology_stack", F_TEXT, 4000, NULL, T_ALL},
    {SECTION_TECHNICAL, "secure_development", F_BOOL, 0, NULL, T_ALL}, /* the SSDLC question's yes or no */
    {SECTION_TECHNICAL, "secure_development_answer", F_TEXT, 4000, NULL, T_ALL},
    {SECTION_TECHNICAL, "sast_dast", F_BOOL, 0, NULL, T_ALL}, /* SAST and/or DAST testing: yes or no */
    {SECTION_TECHNICAL, "sast_dast_answer", F_TEXT, 4000, NULL, T_ALL},
    {SECTION_SUBMISSION, "test_account_email", F_EMAIL, 0, NULL, T_ALL},
    {SECTION_SUBMISSION, "test_account_password", F_TEXT, 128, NULL, T_ALL},
    {SECTION_SUBMISSION, "test_account_url", F_URL, 0, NULL, T_ALL},
    {SECTION_SUBMISSION, "test_account_instructions", F_TEXT, 2000, NULL, T_ALL},
    {SECTION_SUBMISSION, "terms_accepted", F_BOOL, 0, NULL, T_ALL},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

static const char *const section_names[] = {SECTION_BASIC, SECTION_LISTING, SECTION_FEATURES, SECTION_TECHNICAL,
                                            SECTION_SUBMISSION};
#define NSECTIONS (sizeof section_names / sizeof section_names[0])

static const struct section_field *field_find(const char *section, const char *name)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (strcmp(fields[i].section, section) == 0 && strcmp(fields[i].name, name) == 0)
            return &fields[i];
    return NULL;
}

static int utf8_chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static void check_value(const struct section_field *f, json_t *v, enum app_type type, const char *path,
                        struct perr *e)
{
    if (json_is_null(v))
        return; /* removes the value */
    if (!(f->types & (1u << type))) {
        perr_field(e, path, "is only for chatbot apps");
        return;
    }
    switch (f->type) {
    case F_TEXT:
        if (!json_is_string(v))
            perr_field(e, path, "must be a string");
        else if (utf8_chars(json_string_value(v)) > f->max)
            perr_field(e, path, "must be at most %d characters", f->max);
        return;
    case F_URL: {
        const char *why = json_is_string(v) ? url_app_check(json_string_value(v)) : "must be a string";
        if (why)
            perr_field(e, path, "%s", why);
        return;
    }
    case F_EMAIL:
        if (!json_is_string(v) || !user_email_valid(json_string_value(v)))
            perr_field(e, path, "must be an e-mail address");
        return;
    case F_BOOL:
        if (!json_is_boolean(v))
            perr_field(e, path, "must be true or false");
        return;
    case F_OFF:
        if (!json_is_false(v))
            perr_field(e, path, "must be false: Device OAuth is not offered for Marketplace apps");
        return;
    case F_ENUM: {
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        int ok = 0;
        for (const char *p = f->choices; s && *p && !ok;) {
            size_t n = strcspn(p, "|");
            ok = strlen(s) == n && strncmp(p, s, n) == 0;
            p += n + (p[n] == '|');
        }
        if (!ok)
            perr_field(e, path, "must be one of %s", f->choices);
        return;
    }
    case F_URLS: {
        if (!json_is_array(v) || json_array_size(v) > (size_t)f->max) {
            perr_field(e, path, "must be an array of at most %d URLs", f->max);
            return;
        }
        size_t i;
        json_t *u;
        json_array_foreach(v, i, u)
        {
            char p[128];
            snprintf(p, sizeof p, "%s[%zu]", path, i);
            const char *why = json_is_string(u) ? url_app_check(json_string_value(u)) : "must be a string";
            if (why)
                perr_field(e, p, "%s", why);
        }
        return;
    }
    case F_COMMANDS: {
        if (!json_is_array(v) || json_array_size(v) > (size_t)f->max) {
            perr_field(e, path, "must be an array of at most %d commands", f->max);
            return;
        }
        size_t i;
        json_t *c;
        json_array_foreach(v, i, c)
        {
            char p[128];
            snprintf(p, sizeof p, "%s[%zu]", path, i);
            json_t *cmd = json_object_get(c, "command"), *desc = json_object_get(c, "description");
            const char *s = json_is_string(cmd) ? json_string_value(cmd) : NULL;
            size_t n = s ? strlen(s) : 0;
            int ok = n >= 2 && n <= 32 && s[0] == '/';
            for (size_t k = 1; ok && k < n; k++)
                ok = (s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9') || s[k] == '_' || s[k] == '-';
            if (!json_is_object(c) || json_object_size(c) > 2 || !ok)
                perr_field(e, p, "must be {\"command\": \"/name\" (lower-case, at most 32), \"description\"}");
            else if (!json_is_string(desc) || !json_string_length(desc) || utf8_chars(json_string_value(desc)) > 200)
                perr_field(e, p, "description is required, at most 200 characters");
        }
        return;
    }
    }
}

int sections_validate(json_t *patch, enum app_type type, struct perr *e)
{
    if (!json_is_object(patch))
        return perr_set(e, PERR_INVALID, "The body must be an object of sections.");
    const char *sname;
    json_t *sec;
    json_object_foreach(patch, sname, sec)
    {
        int known = 0;
        for (size_t i = 0; i < NSECTIONS; i++)
            known |= strcmp(sname, section_names[i]) == 0;
        if (!known) {
            if (strcmp(sname, SECTION_SCOPES) == 0)
                perr_field(e, sname, "scopes are set on the app: PATCH /_plaza/apps/{id} {\"scopes\": [...]}");
            else
                perr_field(e, sname, "is not a section: %s, %s, %s, %s or %s", section_names[0], section_names[1],
                           section_names[2], section_names[3], section_names[4]);
            continue;
        }
        if (!json_is_object(sec)) {
            perr_field(e, sname, "must be an object");
            continue;
        }
        const char *fname;
        json_t *v;
        json_object_foreach(sec, fname, v)
        {
            char path[96];
            snprintf(path, sizeof path, "%s.%.60s", sname, fname);
            const struct section_field *f = field_find(sname, fname);
            if (!f)
                perr_field(e, path, "is not a known field");
            else
                check_value(f, v, type, path, e);
        }
    }
    return e->kind == PERR_NONE ? 0 : -1;
}

const char *sections_str(json_t *doc, const char *section, const char *field)
{
    json_t *v = json_object_get(json_object_get(doc, section), field);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_t *load_doc(struct db *db, const char *app_id)
{
    json_t *doc;
    section_store_get(db, app_id, &doc); /* none, unreadable or not an object: an empty document */
    if (!json_is_object(doc)) {
        json_decref(doc);
        doc = json_object();
    }
    for (size_t i = 0; i < NSECTIONS; i++)
        if (!json_is_object(json_object_get(doc, section_names[i])))
            json_object_set_new(doc, section_names[i], json_object());
    return doc;
}

int sections_get(struct db *db, const char *app_id, json_t **out, struct perr *e)
{
    struct app a;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    *out = load_doc(db, app_id);
    return 0;
}

/* The merged document, in one transaction with the edit it is. */
struct sections_tx {
    const struct app *a;
    const char *text;
    int64_t now;
};

static int sections_tx(struct db *db, void *arg)
{
    struct sections_tx *t = arg;
    int ok = section_store_put(db, t->a->id, t->text, t->now) == DB_DONE &&
             app_store_touch(db, t->a->id, t->now) == DB_DONE && app_edit_done(db, t->a) == 0;
    return ok ? 0 : -1;
}

int sections_update(struct db *db, const char *app_id, json_t *patch, json_t **out, struct perr *e)
{
    struct app a;
    if (app_get(db, app_id, &a, e) != 0 || sections_validate(patch, a.type, e) != 0 || app_edit_check(db, &a, e) != 0)
        return -1;
    json_t *doc = load_doc(db, app_id);
    const char *sname, *fname;
    json_t *sec, *v;
    json_object_foreach(patch, sname, sec)
    {
        json_t *dst = json_object_get(doc, sname);
        json_object_foreach(sec, fname, v)
        {
            if (json_is_null(v))
                json_object_del(dst, fname);
            else
                json_object_set(dst, fname, v);
        }
    }
    char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    struct sections_tx tx = {.a = &a, .text = text, .now = clock_now()};
    int ok = text && db_transaction(db, sections_tx, &tx) == 0;
    free(text);
    if (!ok) {
        json_decref(doc);
        return perr_set(e, PERR_INTERNAL, "Storing the sections failed.");
    }
    *out = doc;
    return 0;
}

/* The production side's URLs and credentials in one transaction (`ran`: it began). */
struct production_tx {
    const struct app *a;
    const char *redirect_url;
    int has_allow_list, nallow;
    const char *const *allow_list;
    int has_creds;
    int64_t now;
    int created, ran;
};

static int production_tx(struct db *db, void *arg)
{
    struct production_tx *t = arg;
    const char *app_id = t->a->id;
    t->ran = 1;
    t->created = 0;
    if (t->redirect_url && app_url_store_set_redirect(db, app_id, ENV_PRODUCTION, t->redirect_url) != 0)
        return -1;
    if (t->has_allow_list && app_url_store_set_allow(db, app_id, ENV_PRODUCTION, t->allow_list, t->nallow) != 0)
        return -1;
    if (!t->has_creds) {
        /* the client id is reserved now; it is shown, and a secret is issued, once the app is approved */
        char client_id[ID_LEN];
        ids_new(client_id);
        if (credential_store_insert(db, app_id, ENV_PRODUCTION, client_id, "", "", t->now) != DB_DONE)
            return -1;
        t->created = 1;
    }
    return app_store_touch(db, app_id, t->now) == DB_DONE && app_edit_done(db, t->a) == 0 ? 0 : -1;
}

int app_configure_production(struct db *db, const char *app_id, const struct production_urls *urls,
                             struct app_details *out, int *created, struct perr *e)
{
    const char *redirect_url = urls->redirect_url;
    const char *const *allow_list = urls->allow_list;
    int has_allow_list = urls->has_allow_list, nallow = urls->nallow;
    struct app a;
    *created = 0;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    if (a.type != APP_OAUTH && a.type != APP_CHATBOT)
        return perr_field(e, "type", "%s apps have one set of credentials and no production side",
                          app_type_name(a.type));
    const char *why = redirect_url ? url_app_check(redirect_url) : NULL;
    if (why)
        perr_field(e, "redirect_url", "%s", why);
    for (int i = 0; has_allow_list && i < nallow; i++) {
        char f[32];
        snprintf(f, sizeof f, "allow_list[%d]", i);
        if ((why = url_app_check(allow_list[i])) != NULL)
            perr_field(e, f, "%s", why);
        for (int j = 0; j < i; j++)
            if (strcmp(allow_list[i], allow_list[j]) == 0)
                perr_field(e, f, "is listed twice");
    }
    char current[URL_MAX + 1];
    if (app_redirect_url(db, &a, ENV_PRODUCTION, current) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app failed.");
    if (!redirect_url && !current[0])
        perr_field(e, "redirect_url", "is required: the production redirect URL");
    if (e->kind != PERR_NONE || app_edit_check(db, &a, e) != 0)
        return -1;

    int issued;
    struct production_tx tx = {.a = &a,
                               .redirect_url = redirect_url,
                               .has_allow_list = has_allow_list,
                               .nallow = nallow,
                               .allow_list = allow_list,
                               .has_creds = credential_store_find(db, app_id, ENV_PRODUCTION, &issued) == 1,
                               .now = clock_now()};
    if (db_transaction(db, production_tx, &tx) != 0)
        return perr_set(e, PERR_INTERNAL, tx.ran ? "Storing the production side failed." : "The store is busy.");
    *created = tx.created;
    return app_details(db, app_id, out, e);
}
