/* /v2 meetings and webinars: thin adapters over api/meetings.c. */
#include "http/router.h"
#include "http/v2.h"
#include "sim/sim.h"

static int create(struct http_req *r, enum meeting_kind kind)
{
    struct user host;
    if (v2_target_user(r, &host) != 0)
        return 0;
    json_t *body = v2_body(r), *out = NULL;
    if (!body)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = {&c, v2_admin(r), kind, NULL};
    int rc = meeting_create(r->db, &ref, &host, body, &out, &e);
    json_decref(body);
    if (rc != 0)
        return v2_fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}

static int list(struct http_req *r, enum meeting_kind kind)
{
    struct user host;
    if (v2_target_user(r, &host) != 0)
        return 0;
    int bad = 0;
    struct meeting_list_query q = {v2_query(r, "type", &bad), v2_query(r, "from", &bad), v2_query(r, "to", &bad),
                                   v2_query(r, "page_size", &bad), v2_query(r, "page_number", &bad),
                                   v2_query(r, "next_page_token", &bad), kind};
    if (bad)
        return 0;
    struct perr e = {0};
    char *out;
    size_t len;
    if (meeting_list(r->db, &host, &q, &out, &len, &e) != 0)
        return v2_fail(r, &e);
    http_send_json_text(r, 200, out, len);
    free(out);
    return 0;
}

static int get(struct http_req *r, enum meeting_kind kind)
{
    int bad = 0;
    const char *occurrence = v2_query(r, "occurrence_id", &bad);
    if (bad)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = {&c, v2_admin(r), kind, r->params[0]};
    char *out;
    size_t len;
    if (meeting_get(r->db, &ref, occurrence, &out, &len, &e) != 0)
        return v2_fail(r, &e);
    http_send_json_text(r, 200, out, len);
    free(out);
    return 0;
}

static int patch(struct http_req *r, enum meeting_kind kind)
{
    int bad = 0;
    const char *occurrence = v2_query(r, "occurrence_id", &bad);
    if (bad)
        return 0;
    json_t *body = v2_body(r);
    if (!body)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = {&c, v2_admin(r), kind, r->params[0]};
    int rc = meeting_update(r->db, &ref, occurrence, body, &e);
    json_decref(body);
    if (rc != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

static int del(struct http_req *r, enum meeting_kind kind)
{
    int bad = 0;
    const char *occurrence = v2_query(r, "occurrence_id", &bad);
    if (bad)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = {&c, v2_admin(r), kind, r->params[0]};
    if (meeting_delete(r->db, &ref, occurrence, &e) != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

static int status(struct http_req *r, enum meeting_kind kind)
{
    json_t *body = v2_body(r);
    if (!body)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = {&c, v2_admin(r), kind, r->params[0]};
    int rc = sim_status(r->db, &ref, body, &e);
    json_decref(body);
    if (rc != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int h_v2_meetings_create(struct http_req *r) { return create(r, KIND_MEETING); }
int h_v2_meetings_list(struct http_req *r) { return list(r, KIND_MEETING); }
int h_v2_meeting_invitation(struct http_req *r)
{
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = {&c, v2_admin(r), KIND_MEETING, r->params[0]};
    json_t *out;
    if (meeting_invitation(r->db, &ref, &out, &e) != 0)
        return v2_fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

int h_v2_meeting_get(struct http_req *r) { return get(r, KIND_MEETING); }
int h_v2_meeting_patch(struct http_req *r) { return patch(r, KIND_MEETING); }
int h_v2_meeting_delete(struct http_req *r) { return del(r, KIND_MEETING); }
int h_v2_meeting_status(struct http_req *r) { return status(r, KIND_MEETING); }

int h_v2_webinars_create(struct http_req *r) { return create(r, KIND_WEBINAR); }
int h_v2_webinars_list(struct http_req *r) { return list(r, KIND_WEBINAR); }
int h_v2_webinar_get(struct http_req *r) { return get(r, KIND_WEBINAR); }
int h_v2_webinar_patch(struct http_req *r) { return patch(r, KIND_WEBINAR); }
int h_v2_webinar_delete(struct http_req *r) { return del(r, KIND_WEBINAR); }
int h_v2_webinar_status(struct http_req *r) { return status(r, KIND_WEBINAR); }
