/* /v2 cloud recordings: thin adapters over api/recordings.c. */
#include "http/router.h"
#include "http/v2.h"
#include "core/zoom_codes.h"

#include <stdio.h>
#include <string.h>

int h_v2_recordings_list(struct http_req *r)
{
    struct user host;
    if (v2_target_user(r, &host) != 0)
        return 0;
    int bad = 0;
    struct recording_list_query q = {v2_query(r, "from", &bad),       v2_query(r, "to", &bad),
                                     v2_query(r, "page_size", &bad),  v2_query(r, "next_page_token", &bad),
                                     v2_query(r, "trash", &bad),      v2_query(r, "trash_type", &bad),
                                     v2_query(r, "meeting_id", &bad)};
    if (bad)
        return 0;
    struct perr e = {0};
    json_t *out;
    if (recording_list(r->db, host.account_id, &host, &q, &out, &e) != 0)
        return v2_fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

/* GET /accounts/{accountId}/recordings: `me` or the caller's own account id, with an admin scope (the
 * route accepts only those); another account's id is one the caller cannot see. */
int h_v2_account_recordings_list(struct http_req *r)
{
    struct api_caller c = v2_caller(r);
    const char *account = r->params[0];
    if (strcmp(account, "me") != 0 && strcmp(account, c.account_id) != 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "Account does not exist: %.64s.", account);
        http_send_zoom_error(r, 404, ZOOM_ACCOUNT_NOT_FOUND, msg, NULL);
        return 0;
    }
    int bad = 0;
    struct recording_list_query q = {v2_query(r, "from", &bad), v2_query(r, "to", &bad),
                                     v2_query(r, "page_size", &bad), v2_query(r, "next_page_token", &bad),
                                     v2_query(r, "trash", &bad), v2_query(r, "trash_type", &bad),
                                     v2_query(r, "meeting_id", &bad)};
    if (bad)
        return 0;
    struct perr e = {0};
    json_t *out;
    if (recording_list(r->db, c.account_id, NULL, &q, &out, &e) != 0)
        return v2_fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

int h_v2_recording_get(struct http_req *r)
{
    int bad = 0;
    struct recording_get_query q;
    q.include_fields = v2_query(r, "include_fields", &bad); /* first, as it is the first reported when given twice */
    q.ttl = v2_query(r, "ttl", &bad);
    if (bad)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref meeting = {&c, v2_admin(r), KIND_MEETING, r->params[0]};
    json_t *out;
    if (recording_get(r->db, &meeting, &q, &out, &e) != 0)
        return v2_fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

static int remove_recording(struct http_req *r, const char *file)
{
    int bad = 0;
    const char *action = v2_query(r, "action", &bad);
    if (bad)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct meeting_ref meeting = {&c, v2_admin(r), KIND_MEETING, r->params[0]};
    if (recording_delete(r->db, &meeting, file, action, &e) != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int h_v2_recording_delete(struct http_req *r) { return remove_recording(r, NULL); }
int h_v2_recording_file_delete(struct http_req *r) { return remove_recording(r, r->params[1]); }
