/* /_plaza/accounts/{id}/marketplace-permissions: the "Marketplace
 * permissions" role an owner or admin grants to members (who may then manage
 * the account's apps and pre-approve apps). */
#include "control/c_market_internal.h"

#define PERMISSIONS_MAX 64

static json_t *permissions_json(struct http_req *r, const char *account_id, struct perr *e)
{
    struct user *u = h2o_mem_alloc_pool(&r->h->pool, sizeof *u * PERMISSIONS_MAX);
    int n;
    if (market_permission_list(r->db, account_id, u, PERMISSIONS_MAX, &n, e) != 0)
        return NULL;
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, out_user(&u[i]));
    return json_pack("{s:s,s:s,s:o}", "account_id", account_id, "allows",
                     "creating and managing the account's Marketplace apps (submit, withdraw, publish, sharing "
                     "requests) and pre-approving apps; owners and admins have it always",
                     "users", items);
}

int c_market_permissions_list(struct http_req *r)
{
    struct perr e = {0};
    json_t *o = permissions_json(r, r->params[0], &e);
    if (!o)
        return fail(r, &e);
    http_send_json(r, 200, o);
    return 0;
}

int c_market_permission_put(struct http_req *r)
{
    static const char *const fields[] = {"actor", NULL};
    struct perr e = {0};
    json_t *body = r->h->entity.len ? http_json_body(r, &e) : json_object();
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *actor = in_actor(r, body, &e);
    struct user u;
    int rc = e.kind == PERR_NONE ? market_permission_grant(r->db, r->params[0], r->params[1], actor, &u, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    json_t *o = out_user(&u);
    json_object_set_new(o, "marketplace_permissions", json_true());
    http_send_json(r, 200, o);
    return 0;
}

int c_market_permission_delete(struct http_req *r)
{
    struct perr e = {0};
    const char *actor = in_actor_query(r, &e);
    if (e.kind != PERR_NONE)
        return fail(r, &e);
    if (market_permission_revoke(r->db, r->params[0], r->params[1], actor, &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}
