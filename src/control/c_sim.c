/* /_plaza/meetings/{id}: drive a simulated meeting or webinar (start, people
 * joining and leaving, end with or without a cloud recording). */
#include "control/control_internal.h"
#include "sim/sim.h"

int c_meeting_state(struct http_req *r)
{
    struct perr e = {0};
    json_t *out;
    if (sim_state(r->db, r->params[0], &out, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

int c_meeting_start(struct http_req *r)
{
    struct perr e = {0};
    json_t *out;
    if (sim_start(r->db, r->params[0], &out, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}

int c_meeting_join(struct http_req *r)
{
    static const char *const fields[] = {"name", "email", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e), *out = NULL;
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *name = in_str(body, "name", NULL, &e), *email = in_str(body, "email", NULL, &e);
    int rc = e.kind == PERR_NONE ? sim_join(r->db, r->params[0], name, email, &out, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}

/* POST /_plaza/meetings/{id}/say and /chat: {participant_id, text}. */
static int meeting_line(struct http_req *r, const char *kind)
{
    static const char *const fields[] = {"participant_id", "text", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e), *out = NULL;
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    struct sim_line line = {kind, in_str(body, "participant_id", NULL, &e), in_str(body, "text", NULL, &e)};
    int rc = e.kind == PERR_NONE ? sim_line(r->db, r->params[0], &line, &out, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}

int c_meeting_say(struct http_req *r) { return meeting_line(r, "say"); }
int c_meeting_chat(struct http_req *r) { return meeting_line(r, "chat"); }

int c_meeting_leave(struct http_req *r)
{
    struct perr e = {0};
    if (sim_leave(r->db, r->params[0], r->params[1], &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int c_meeting_end(struct http_req *r)
{
    static const char *const fields[] = {"record", NULL};
    struct perr e = {0};
    int record = -1;
    json_t *out;
    if (r->h->entity.len > 0) {
        json_t *body = http_json_body(r, &e);
        if (!body)
            return fail(r, &e);
        in_only(body, fields, &e);
        record = in_bool(body, "record", &e);
        json_decref(body);
        if (e.kind != PERR_NONE)
            return fail(r, &e);
    }
    if (sim_end(r->db, r->params[0], record, &out, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}
