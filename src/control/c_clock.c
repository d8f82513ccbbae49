/* /_plaza/clock: read the virtual clock, move it forward. */
#include "control/control_internal.h"
#include "core/clock.h"
#include "events/events.h"

static json_t *clock_json(void)
{
    return json_pack("{s:o,s:I,s:I}", "now", out_time(clock_now()), "now_ms", (json_int_t)clock_now_ms(),
                     "offset_seconds", (json_int_t)clock_offset());
}

int c_clock_get(struct http_req *r)
{
    http_send_json(r, 200, clock_json());
    return 0;
}

int c_clock_post(struct http_req *r)
{
    static const char *const fields[] = {"advance", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    json_t *adv = json_object_get(body, "advance");
    json_int_t s = json_is_integer(adv) ? json_integer_value(adv) : 0;
    if (e.kind == PERR_NONE && (s < 1 || s > CLOCK_MAX_ADVANCE_S))
        perr_field(&e, "advance", "must be a whole number of seconds from 1 to %lld", (long long)CLOCK_MAX_ADVANCE_S);
    json_decref(body);
    if (e.kind != PERR_NONE)
        return fail(r, &e);
    if (clock_advance(r->db, (int64_t)s) != 0) {
        perr_set(&e, PERR_INTERNAL, "Storing the clock failed.");
        return fail(r, &e);
    }
    webhooks_wake(); /* retries and revalidations that became due go out now */
    http_send_json(r, 200, clock_json());
    return 0;
}
