/* Reading control-API JSON into domain structs, and rendering them back. */
#include "api/api.h"
#include "control/control_internal.h"
#include "core/urls.h"
#include "core/clock.h"
#include "core/config.h"

#include "core/uri.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fail(struct http_req *r, const struct perr *e)
{
    http_send_error(r, e);
    return 0;
}

int in_only(json_t *o, const char *const *allowed, struct perr *e)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, key) == 0;
        if (!ok)
            perr_field(e, key, "is not a known field");
    }
    return e->kind == PERR_NONE ? 0 : -1;
}

const char *in_str(json_t *o, const char *key, const char *field, struct perr *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        perr_field(e, field ? field : key, "must be a string");
        return NULL;
    }
    const char *s = json_string_value(v);
    if (strlen(s) != json_string_length(v)) {
        perr_field(e, field ? field : key, "must not contain NUL characters");
        return NULL;
    }
    return s;
}

int in_strs(json_t *o, const char *key, const struct in_list *into, const char *what, struct perr *e)
{
    const char **out = into->items;
    int max = into->max, *n = into->n;
    *n = 0;
    json_t *list = json_object_get(o, key), *v;
    if (!list || json_is_null(list))
        return 0;
    if (!json_is_array(list) || json_array_size(list) > (size_t)max) {
        perr_field(e, key, "must be an array of at most %d %s", max, what);
        return 0;
    }
    size_t i;
    json_array_foreach(list, i, v)
    {
        char f[64];
        snprintf(f, sizeof f, "%s[%zu]", key, i);
        if (!json_is_string(v))
            perr_field(e, f, "must be a string");
        else
            out[(*n)++] = json_string_value(v);
    }
    return 1;
}

int in_bool(json_t *o, const char *key, struct perr *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return -1;
    if (!json_is_boolean(v)) {
        perr_field(e, key, "must be true or false");
        return -1;
    }
    return json_is_true(v);
}

json_t *in_obj(json_t *o, const char *key, struct perr *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_object(v)) {
        perr_field(e, key, "must be an object");
        return NULL;
    }
    return v;
}

int in_page(struct http_req *r, int *size, const char **after, struct perr *e)
{
    const char *s = NULL;
    *size = PAGE_SIZE_DEFAULT;
    *after = NULL;
    if (http_query(r, "page_size", &s) < 0 || http_query(r, "next_page_token", after) < 0)
        return perr_set(e, PERR_INVALID, "page_size and next_page_token may each be given once.");
    if (s) {
        char *end;
        long v = strtol(s, &end, 10);
        if (*s == '\0' || *end != '\0' || v < 1 || v > PAGE_SIZE_MAX)
            return perr_field(e, "page_size", "must be a number from 1 to %d", PAGE_SIZE_MAX);
        *size = (int)v;
    }
    if (*after && (!**after || strlen(*after) >= ID_LEN))
        return perr_field(e, "next_page_token", "is not a token this API gave out");
    return 0;
}

json_t *out_time(int64_t t)
{
    char buf[21];
    if (!t)
        return json_null();
    clock_format(t, buf);
    return json_string(buf);
}

json_t *out_account(const struct account *a)
{
    return json_pack("{s:s,s:s,s:s,s:s?,s:o}", "id", a->id, "name", a->name, "plan", a->plan, "rate_limits",
                     a->rate_limits[0] ? a->rate_limits : NULL, "created_at", out_time(a->created_at));
}

json_t *out_user(const struct user *u)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:b,s:o,s:o}", "id", u->id, "account_id",
                     u->account_id, "email", u->email, "first_name", u->first_name, "last_name", u->last_name,
                     "display_name", u->display_name, "role", user_role_name(u->role), "type",
                     u->type == 1 ? "basic" : "licensed", "pmi", (json_int_t)u->pmi, "timezone", u->timezone,
                     "language", u->language, "status", u->status, "has_password", u->has_password, "created_at",
                     out_time(u->created_at), "last_login_at", out_time(u->last_login_at));
}

json_t *out_app_summary(const struct app *a)
{
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:o,s:o}", "id", a->id, "account_id", a->account_id, "name",
                     a->name, "type", app_type_name(a->type), "management", app_mgmt_name(a->management), "status",
                     a->status, "published", a->published, "created_at", out_time(a->created_at), "updated_at",
                     out_time(a->updated_at));
    json_object_set_new(o, "version", json_integer(a->version));
    json_object_set_new(o, "live_version", a->live_version ? json_integer(a->live_version) : json_null());
    return o;
}

/* The install link testers get (zoom-wire §1.1): authorize with the client id. */
json_t *out_authorize_url(const char *client_id, const char *redirect_url)
{
    char url[URL_MAX * 3 + 256];
    int n = snprintf(url, sizeof url, "%s/oauth/authorize?response_type=code&client_id=%s", urls_web(),
                     client_id);
    if (redirect_url[0]) {
        char esc[URL_MAX * 3 + 1];
        if (uri_encode(redirect_url, esc, sizeof esc) >= 0)
            snprintf(url + n, sizeof url - (size_t)n, "&redirect_uri=%s", esc);
    }
    return json_string(url);
}

json_t *out_app(const struct app_details *d, const char *secret)
{
    const struct app *a = &d->app;
    json_t *o = out_app_summary(a);
    json_object_set_new(o, "strict_mode", json_boolean(a->strict_mode));
    json_object_set_new(o, "subdomain_check", json_boolean(a->subdomain_check));

    json_t *oauth = json_object();
    for (int env = 0; env < 2; env++) {
        const struct app_urls *u = &d->urls[env];
        if (env == ENV_PRODUCTION && !u->redirect_url[0] && u->nallow == 0)
            continue;
        json_t *allow = json_array();
        for (int i = 0; i < u->nallow; i++)
            json_array_append_new(allow, json_string(u->allow[i]));
        json_object_set_new(oauth, app_env_name(env),
                            json_pack("{s:s,s:o}", "redirect_url", u->redirect_url, "allow_list", allow));
    }
    json_object_set_new(o, "oauth", oauth);
    /* the development values at top level too, as they were given at creation */
    json_object_set_new(o, "redirect_url", json_string(d->urls[ENV_DEVELOPMENT].redirect_url));
    json_object_set(o, "allow_list", json_object_get(json_object_get(oauth, "development"), "allow_list"));

    json_t *scopes = json_array();
    for (int i = 0; i < d->nscopes; i++)
        json_array_append_new(scopes, json_pack("{s:s,s:s}", "scope", d->scopes[i].scope, "description",
                                                d->scopes[i].description));
    json_object_set_new(o, "scopes", scopes);

    json_t *creds = json_object();
    for (int i = 0; i < d->ncreds; i++) {
        const struct credential *c = &d->creds[i];
        json_t *co = json_pack("{s:s}", "client_id", c->client_id);
        if (secret && c->env == ENV_DEVELOPMENT)
            json_object_set_new(co, "client_secret", json_string(secret));
        json_object_set_new(co, "created_at", out_time(c->created_at));
        json_object_set_new(co, "rotated_at", out_time(c->rotated_at));
        if (a->type == APP_OAUTH || a->type == APP_CHATBOT)
            json_object_set_new(co, "authorize_url", out_authorize_url(c->client_id, d->urls[c->env].redirect_url));
        if (a->type == APP_CHATBOT) { /* the Bot JID of the Features page, per set of credentials */
            char jid[CHAT_JID_MAX];
            chat_bot_jid(c->client_id, jid);
            json_object_set_new(co, "bot_jid", json_string(jid));
        }
        json_object_set_new(creds, app_env_name(c->env), co);
    }
    json_object_set_new(o, "credentials", creds);
    return o;
}
