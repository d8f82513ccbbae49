/* /_plaza/chat/messages: a user writes to a chatbot (the app receives
 * bot_notification), and the messages between users and a chatbot are
 * listed; /_plaza/users/{id}/picture: a user's profile picture, the raw image
 * as the body. Thin handlers over api/chat.c and api/pictures.c. */
#include "api/api.h"
#include "control/control_internal.h"

#include <string.h>

int c_chat_send(struct http_req *r)
{
    static const char *const fields[] = {"app_id", "user", "text", "env", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e), *out = NULL;
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *app_id = in_str(body, "app_id", NULL, &e), *user = in_str(body, "user", NULL, &e);
    const char *text = in_str(body, "text", NULL, &e), *env_name = in_str(body, "env", NULL, &e);
    enum app_env env = ENV_DEVELOPMENT;
    if (env_name && app_env_parse(env_name, &env) != 0)
        perr_field(&e, "env", "must be development or production");
    if (!app_id)
        perr_field(&e, "app_id", "is required: the chatbot app the user writes to");
    struct chat_from_user m = {env, user, text};
    int rc = e.kind == PERR_NONE && e.nfields == 0 ? chat_user_send(r->db, app_id, &m, &out, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}

int c_chat_list(struct http_req *r)
{
    struct perr e = {0};
    const char *app = NULL, *user = NULL, *size = NULL, *token = NULL;
    if (http_query(r, "app", &app) < 0 || http_query(r, "user", &user) < 0 || http_query(r, "page_size", &size) < 0 ||
        http_query(r, "next_page_token", &token) < 0) {
        perr_field(&e, "query", "app, user, page_size and next_page_token may each be given once");
        return fail(r, &e);
    }
    if (!app) {
        perr_field(&e, "app", "is required: ?app=APP_ID");
        return fail(r, &e);
    }
    json_t *out;
    struct chat_query q = {user, size, token};
    if (chat_list(r->db, app, &q, &out, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

static int find_user(struct http_req *r, struct user *u)
{
    struct perr e = {0};
    int found = user_find(r->db, r->params[0], u);
    if (found == 1)
        return 0;
    if (found < 0)
        perr_set(&e, PERR_INTERNAL, "Reading the user failed.");
    else
        perr_set(&e, PERR_NOT_FOUND, "User %.200s does not exist.", r->params[0]);
    fail(r, &e);
    return -1;
}

int c_user_picture_put(struct http_req *r)
{
    struct user u;
    if (find_user(r, &u) != 0)
        return 0;
    struct perr e = {0};
    const char *filename = NULL;
    if (http_query(r, "filename", &filename) < 0) {
        perr_field(&e, "filename", "may be given once");
        return fail(r, &e);
    }
    struct media_upload file = {filename, r->h->entity.base ? r->h->entity.base : "", r->h->entity.len};
    if (picture_set(r->db, NULL, &u, &file, &e) != 0)
        return fail(r, &e);
    if (find_user(r, &u) != 0)
        return 0;
    json_t *o = api_user_object(&u);
    json_t *out = json_pack("{s:s,s:O}", "user_id", u.id, "pic_url", json_object_get(o, "pic_url"));
    json_decref(o);
    http_send_json(r, 200, out);
    return 0;
}

int c_user_picture_delete(struct http_req *r)
{
    struct user u;
    if (find_user(r, &u) != 0)
        return 0;
    struct perr e = {0};
    if (picture_delete(r->db, NULL, &u, &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}
