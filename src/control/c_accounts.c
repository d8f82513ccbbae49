/* /_plaza/accounts and their users. */
#include "http/ratelimit.h"
#include "control/control_internal.h"

#include <stdlib.h>
#include <string.h>

static void user_input(json_t *o, const char *prefix, struct user_new *u, struct perr *e)
{
    char f[64];
#define F(k) (snprintf(f, sizeof f, "%s%s", prefix, k), f)
    memset(u, 0, sizeof *u);
    u->email = in_str(o, "email", F("email"), e);
    u->first_name = in_str(o, "first_name", F("first_name"), e);
    u->last_name = in_str(o, "last_name", F("last_name"), e);
    u->password = in_str(o, "password", F("password"), e);
    u->role = in_str(o, "role", F("role"), e);
    u->type = in_str(o, "type", F("type"), e);
    u->timezone = in_str(o, "timezone", F("timezone"), e);
    u->language = in_str(o, "language", F("language"), e);
#undef F
}

static const char *const user_fields[] = {"email", "first_name", "last_name", "password", "role",
                                          "type", "timezone", "language", NULL};

int c_accounts_create(struct http_req *r)
{
    static const char *const fields[] = {"name", "plan", "owner", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    struct account_new in = {0};
    in_only(body, fields, &e);
    in.name = in_str(body, "name", NULL, &e);
    in.plan = in_str(body, "plan", NULL, &e);
    json_t *owner = in_obj(body, "owner", &e);
    if (!owner && e.kind == PERR_NONE)
        perr_field(&e, "owner", "is required: {email, first_name, last_name, password}");
    if (owner) {
        struct perr oe = {0};
        if (in_only(owner, user_fields, &oe) != 0)
            for (int i = 0; i < oe.nfields; i++)
                perr_field(&e, "owner", "%s %s", oe.fields[i].field, oe.fields[i].message);
        user_input(owner, "owner.", &in.owner, &e);
    }
    struct account a;
    struct user u;
    if (e.kind != PERR_NONE || account_create(r->db, &in, &a, &u, &e) != 0) {
        json_decref(body);
        return fail(r, &e);
    }
    json_decref(body);
    json_t *out = out_account(&a);
    json_object_set_new(out, "owner", out_user(&u));
    http_send_json(r, 201, out);
    return 0;
}

int c_accounts_list(struct http_req *r)
{
    struct perr e = {0};
    int size;
    const char *after;
    if (in_page(r, &size, &after, &e) != 0)
        return fail(r, &e);
    struct account *list = h2o_mem_alloc_pool(&r->h->pool, sizeof *list * (size_t)(size + 1));
    int n;
    if (account_list(r->db, after, list, size + 1, &n, &e) != 0)
        return fail(r, &e);
    int more = n > size;
    if (more)
        n = size;
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, out_account(&list[i]));
    http_send_json(r, 200, json_pack("{s:i,s:s,s:o}", "page_size", size, "next_page_token",
                                     more ? list[n - 1].id : "", "accounts", items));
    return 0;
}

int c_account_get(struct http_req *r)
{
    struct perr e = {0};
    struct account a;
    struct user owner;
    if (account_get(r->db, r->params[0], &a, &e) != 0)
        return fail(r, &e);
    json_t *out = out_account(&a);
    if (user_owner_of(r->db, a.id, &owner) == 1)
        json_object_set_new(out, "owner", out_user(&owner));
    http_send_json(r, 200, out);
    return 0;
}

int c_account_delete(struct http_req *r)
{
    struct perr e = {0};
    if (account_delete(r->db, r->params[0], &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int c_users_create(struct http_req *r)
{
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    struct user_new in;
    struct user u;
    in_only(body, user_fields, &e);
    user_input(body, "", &in, &e);
    if (e.kind != PERR_NONE || user_create(r->db, r->params[0], &in, &u, &e) != 0) {
        json_decref(body);
        return fail(r, &e);
    }
    json_decref(body);
    http_send_json(r, 201, out_user(&u));
    return 0;
}

int c_users_list(struct http_req *r)
{
    struct perr e = {0};
    struct account a;
    int size;
    const char *after;
    if (in_page(r, &size, &after, &e) != 0 || account_get(r->db, r->params[0], &a, &e) != 0)
        return fail(r, &e);
    struct user *list = h2o_mem_alloc_pool(&r->h->pool, sizeof *list * (size_t)(size + 1));
    int n;
    struct user_filter f = {a.id, after};
    if (user_list(r->db, &f, list, size + 1, &n, &e) != 0)
        return fail(r, &e);
    int more = n > size;
    if (more)
        n = size;
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, out_user(&list[i]));
    http_send_json(r, 200, json_pack("{s:i,s:s,s:o}", "page_size", size, "next_page_token",
                                     more ? list[n - 1].id : "", "users", items));
    return 0;
}

int c_user_get(struct http_req *r)
{
    struct user u;
    int found = user_find(r->db, r->params[0], &u);
    if (found != 1) {
        struct perr e = {0};
        if (found < 0)
            perr_set(&e, PERR_INTERNAL, "Reading the user failed.");
        else
            perr_set(&e, PERR_NOT_FOUND, "User %.200s does not exist.", r->params[0]);
        return fail(r, &e);
    }
    http_send_json(r, 200, out_user(&u));
    return 0;
}

int c_account_patch(struct http_req *r)
{
    static const char *const fields[] = {"name", "plan", "rate_limits", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *name = in_str(body, "name", NULL, &e), *plan = in_str(body, "plan", NULL, &e);
    json_t *rl = json_object_get(body, "rate_limits");
    const char *rate = json_is_null(rl) ? "" : in_str(body, "rate_limits", NULL, &e);
    struct account a;
    struct account_edit change = {name, plan, rate};
    int rc = e.kind == PERR_NONE ? account_update(r->db, r->params[0], &change, &a, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    if (rate)
        ratelimit_set_account(a.id, a.rate_limits[0] ? a.rate_limits : NULL);
    http_send_json(r, 200, out_account(&a));
    return 0;
}
