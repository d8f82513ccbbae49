/* /_plaza/meetings/{id}: drive a simulated meeting or webinar (start, people
 * joining and leaving, what they say and write, end with or without a cloud
 * recording), one step a call or a whole scenario at once. */
#include "control/control_internal.h"
#include "api/timeutil.h"
#include "media/media.h"
#include "sim/scenario.h"
#include "sim/sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    static const char *const fields[] = {"name", "email", "role", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e), *out = NULL;
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *name = in_str(body, "name", NULL, &e), *email = in_str(body, "email", NULL, &e);
    const char *role = in_str(body, "role", NULL, &e);
    int rc = e.kind == PERR_NONE ? sim_join_as(r->db, r->params[0], name, email, role, &out, &e) : -1;
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

/* GET /_plaza/meetings/{id}/audio?participant_id=&token=&from=&format=wav|pcm: what the participant hears
 * from `from` seconds after the start up to the virtual now (at most a minute a call); X-Plaza-Audio-To says
 * where the next call starts. */
int c_meeting_audio(struct http_req *r)
{
    struct perr e = {0};
    const char *pid = NULL, *token = NULL, *from = NULL, *format = NULL;
    if (http_query(r, "participant_id", &pid) < 0 || http_query(r, "token", &token) < 0 ||
        http_query(r, "from", &from) < 0 || http_query(r, "format", &format) < 0) {
        perr_set(&e, PERR_INVALID, "A query parameter is given more than once.");
        return fail(r, &e);
    }
    char *end = NULL;
    long long seconds = from ? strtoll(from, &end, 10) : 0;
    if (from && (!*from || *end || seconds < 0))
        perr_field(&e, "from", "must be whole seconds from the meeting's start, 0 and up");
    int pcm = format && strcmp(format, "pcm") == 0;
    if (format && !pcm && strcmp(format, "wav") != 0)
        perr_field(&e, "format", "must be wav or pcm");
    if (e.kind != PERR_NONE)
        return fail(r, &e);
    struct sim_audio_in in = {r->params[0], pid, token, seconds};
    struct sim_audio_out out;
    if (sim_audio(r->db, &in, &out, &e) != 0)
        return fail(r, &e);
    uint8_t *wav = NULL;
    size_t len = out.nsamples * sizeof *out.samples;
    if (!pcm && media_wav(out.samples, out.nsamples, out.rate, &wav, &len) != 0) {
        free(out.samples);
        perr_set(&e, PERR_INTERNAL, "Writing the WAV failed.");
        return fail(r, &e);
    }
    char v[64];
    snprintf(v, sizeof v, "%lld", (long long)out.from);
    http_add_header_by_name(r, "x-plaza-audio-from", v);
    snprintf(v, sizeof v, "%lld", (long long)out.to);
    http_add_header_by_name(r, "x-plaza-audio-to", v);
    snprintf(v, sizeof v, "%d", out.rate);
    http_add_header_by_name(r, "x-plaza-audio-rate", v);
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    if (pcm)
        http_send_text(r, 200, "application/octet-stream", (const char *)out.samples, len); /* s16le, mono */
    else
        http_send_text(r, 200, "audio/wav", (const char *)wav, len);
    media_free_bytes(wav);
    free(out.samples);
    return 0;
}

int c_meeting_say(struct http_req *r) { return meeting_line(r, "say"); }
int c_meeting_chat(struct http_req *r) { return meeting_line(r, "chat"); }

/* One step of a scenario's JSON: {at, do, as|who, name, email, text, record}, its errors named steps[i].member. */
static void scenario_step_in(json_t *o, int i, struct scenario_step *s, struct perr *e)
{
    static const char *const fields[] = {"at", "do", "as", "who", "name", "email", "text", "record", NULL};
    char f[48];
    struct perr own = {0};
    if (!json_is_object(o)) {
        snprintf(f, sizeof f, "steps[%d]", i);
        perr_field(e, f, "must be an object {at, do, ...}");
        return;
    }
    if (in_only(o, fields, &own) != 0)
        for (int k = 0; k < own.nfields; k++) {
            snprintf(f, sizeof f, "steps[%d].%.20s", i, own.fields[k].field);
            perr_field(e, f, "%s", own.fields[k].message);
        }
    json_t *at = json_object_get(o, "at");
    s->at = json_is_integer(at) ? (int64_t)json_integer_value(at) : -1;
    if (!json_is_integer(at)) {
        snprintf(f, sizeof f, "steps[%d].at", i);
        perr_field(e, f, "is required: whole seconds from the scenario's beginning");
    }
    const char *act = json_string_value(json_object_get(o, "do"));
    if (scenario_do_of(act, &s->act) != 0) {
        snprintf(f, sizeof f, "steps[%d].do", i);
        perr_field(e, f, "must be start, join, say, chat, leave or end");
    }
    s->who = json_string_value(json_object_get(o, s->act == DO_JOIN ? "as" : "who"));
    s->name = json_string_value(json_object_get(o, "name"));
    s->email = json_string_value(json_object_get(o, "email"));
    s->text = json_string_value(json_object_get(o, "text"));
    json_t *rec = json_object_get(o, "record");
    s->record = json_is_boolean(rec) ? json_is_true(rec) : -1;
}

/* A scenario's "at": Zoom's UTC date-time (…Z), not before 1970. 0 or -1. */
static int past_at(const char *s, int64_t *out)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || s[n - 1] != 'Z' || time_parse(s, "UTC", out) != 0 || *out <= 0)
        return -1;
    return 0;
}

int c_meeting_scenario(struct http_req *r)
{
    static const char *const fields[] = {"steps", "at", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e), *out = NULL;
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    int64_t past = 0;
    json_t *at = json_object_get(body, "at");
    if (at && !json_is_null(at) && past_at(json_string_value(at), &past) != 0)
        perr_field(&e, "at", "must be a UTC date-time in the past, yyyy-MM-ddTHH:mm:ssZ");
    json_t *list = json_object_get(body, "steps");
    size_t n = json_is_array(list) ? json_array_size(list) : 0;
    if (!json_is_array(list) || n < 1 || n > SCENARIO_STEPS_MAX)
        perr_field(&e, "steps", "is required: an array of 1 to %d steps", SCENARIO_STEPS_MAX);
    struct scenario_step *steps = h2o_mem_alloc_pool(&r->h->pool, sizeof *steps * (n ? n : 1));
    for (size_t i = 0; e.kind == PERR_NONE && i < n; i++) {
        memset(&steps[i], 0, sizeof steps[i]);
        scenario_step_in(json_array_get(list, i), (int)i, &steps[i], &e);
    }
    int rc = e.kind == PERR_NONE ? scenario_play(r->db, r->params[0], steps, (int)n, past, &out, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}

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
