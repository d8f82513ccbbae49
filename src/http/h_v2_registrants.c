/* /v2 registrants and panelists: thin adapters over api/registrants.c. */
#include "http/router.h"
#include "http/v2.h"

static int reg_create(struct http_req *r, enum meeting_kind kind)
{
    int bad = 0;
    const char *occurrences = v2_query(r, "occurrence_ids", &bad);
    if (bad)
        return 0;
    json_t *body = v2_body(r), *out = NULL;
    if (!body)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = {&c, v2_admin(r), kind, r->params[0]};
    int rc = registrant_create(r->db, &ref, occurrences, body, &out, &e);
    json_decref(body);
    if (rc != 0)
        return v2_fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}

static int reg_list(struct http_req *r, enum meeting_kind kind)
{
    int bad = 0;
    struct registrant_list_query q;
    /* one after the other: the first parameter given twice is the one reported */
    q.status = v2_query(r, "status", &bad);
    q.page_size = v2_query(r, "page_size", &bad);
    q.page_number = v2_query(r, "page_number", &bad);
    q.next_page_token = v2_query(r, "next_page_token", &bad);
    if (bad)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = {&c, v2_admin(r), kind, r->params[0]};
    json_t *out;
    if (registrant_list(r->db, &ref, &q, &out, &e) != 0)
        return v2_fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

static int reg_status(struct http_req *r, enum meeting_kind kind)
{
    json_t *body = v2_body(r);
    if (!body)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = {&c, v2_admin(r), kind, r->params[0]};
    int rc = registrant_status(r->db, &ref, body, &e);
    json_decref(body);
    if (rc != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int h_v2_meeting_registrants_create(struct http_req *r) { return reg_create(r, KIND_MEETING); }
int h_v2_meeting_registrants_list(struct http_req *r) { return reg_list(r, KIND_MEETING); }
int h_v2_meeting_registrants_status(struct http_req *r) { return reg_status(r, KIND_MEETING); }
int h_v2_webinar_registrants_create(struct http_req *r) { return reg_create(r, KIND_WEBINAR); }
int h_v2_webinar_registrants_list(struct http_req *r) { return reg_list(r, KIND_WEBINAR); }
int h_v2_webinar_registrants_status(struct http_req *r) { return reg_status(r, KIND_WEBINAR); }

int h_v2_panelists_list(struct http_req *r)
{
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref webinar = {&c, v2_admin(r), KIND_WEBINAR, r->params[0]};
    json_t *out;
    if (panelist_list(r->db, &webinar, &out, &e) != 0)
        return v2_fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

int h_v2_panelists_create(struct http_req *r)
{
    json_t *body = v2_body(r), *out = NULL;
    if (!body)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref webinar = {&c, v2_admin(r), KIND_WEBINAR, r->params[0]};
    int rc = panelist_add(r->db, &webinar, body, &out, &e);
    json_decref(body);
    if (rc != 0)
        return v2_fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}

static int remove_panelists(struct http_req *r, const char *panelist)
{
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref webinar = {&c, v2_admin(r), KIND_WEBINAR, r->params[0]};
    if (panelist_remove(r->db, &webinar, panelist, &e) != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int h_v2_panelists_delete_all(struct http_req *r) { return remove_panelists(r, NULL); }
int h_v2_panelist_delete(struct http_req *r) { return remove_panelists(r, r->params[1]); }
