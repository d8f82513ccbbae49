/* /v2 past meetings and webinars, and their reports: thin adapters over sim/past.c. */
#include "http/router.h"
#include "http/v2.h"
#include "sim/sim.h"

static struct meeting_ref ref_of(struct http_req *r, const struct api_caller *c, enum meeting_kind kind)
{
    return (struct meeting_ref){c, v2_admin(r), kind, r->params[0]};
}

static int answer(struct http_req *r, int rc, json_t *out, const struct perr *e)
{
    if (rc != 0)
        return v2_fail(r, e);
    http_send_json(r, 200, out);
    return 0;
}

static int details(struct http_req *r, enum meeting_kind kind, int report)
{
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = ref_of(r, &c, kind);
    struct perr e = {0};
    json_t *out = NULL;
    int rc = past_meeting_get(r->db, &ref, report, &out, &e);
    return answer(r, rc, out, &e);
}

static int instances(struct http_req *r, enum meeting_kind kind)
{
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = ref_of(r, &c, kind);
    struct perr e = {0};
    json_t *out = NULL;
    int rc = past_instances(r->db, &ref, &out, &e);
    return answer(r, rc, out, &e);
}

static int participants(struct http_req *r, enum meeting_kind kind, int report)
{
    int bad = 0;
    struct past_query q = {v2_query(r, "page_size", &bad), v2_query(r, "next_page_token", &bad)};
    if (report)
        (void)v2_query(r, "include_fields", &bad); /* registrant_id: participants are not tied to registrants */
    if (bad)
        return 0;
    struct api_caller c = v2_caller(r);
    struct meeting_ref ref = ref_of(r, &c, kind);
    struct perr e = {0};
    json_t *out = NULL;
    int rc = past_participants(r->db, &ref, &q, report, &out, &e);
    return answer(r, rc, out, &e);
}

int h_v2_past_meeting_get(struct http_req *r) { return details(r, KIND_MEETING, 0); }
int h_v2_past_meeting_instances(struct http_req *r) { return instances(r, KIND_MEETING); }
int h_v2_past_meeting_participants(struct http_req *r) { return participants(r, KIND_MEETING, 0); }
int h_v2_past_webinar_instances(struct http_req *r) { return instances(r, KIND_WEBINAR); }
int h_v2_past_webinar_participants(struct http_req *r) { return participants(r, KIND_WEBINAR, 0); }
int h_v2_report_meeting_get(struct http_req *r) { return details(r, KIND_MEETING, 1); }
int h_v2_report_meeting_participants(struct http_req *r) { return participants(r, KIND_MEETING, 1); }
int h_v2_report_webinar_get(struct http_req *r) { return details(r, KIND_WEBINAR, 1); }
int h_v2_report_webinar_participants(struct http_req *r) { return participants(r, KIND_WEBINAR, 1); }
