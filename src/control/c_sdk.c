/* POST /_plaza/sdk/join: a meeting bot joins a simulated meeting with the
 * Meeting SDK JWT its app signed (sim/sdk_join.c). Open to anyone: the JWT is
 * the credential. Refusals are problem+json with the Meeting SDK error a bot
 * would get from Zoom in `sdk_error`. */
#include "control/control_internal.h"
#include "sim/sdk_join.h"

#include <ctype.h>
#include <string.h>

#define SDK_NAME_MAX 128
#define SDK_PASSWORD_MAX 64

/* meeting_number: digits, as a string or a number; into buf. */
static const char *meeting_number(json_t *body, char *buf, size_t size, struct perr *e)
{
    json_t *v = json_object_get(body, "meeting_number");
    if (json_is_integer(v) && json_integer_value(v) > 0)
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_string(v) && strlen(json_string_value(v)) < size)
        snprintf(buf, size, "%s", json_string_value(v));
    else
        buf[0] = '\0';
    int ok = buf[0] != '\0';
    for (const char *c = buf; *c && ok; c++)
        ok = isdigit((unsigned char)*c);
    if (!ok) {
        perr_field(e, "meeting_number", "is required: the meeting's number (digits)");
        return NULL;
    }
    return buf;
}

static void bounded(const char *v, const char *field, size_t max, int required, struct perr *e)
{
    if ((required && (!v || !*v)) || (v && strlen(v) > max))
        perr_field(e, field, "%s at most %zu characters", required ? "is required," : "must be", max);
}

static int refused(struct http_req *r, const struct perr *e, const struct sdk_error *why)
{
    if (!why->code)
        return fail(r, e);
    int status = http_status_of(e->kind);
    json_t *body = json_pack("{s:s,s:s,s:i,s:s,s:{s:i,s:s}}", "type", "urn:plaza:problem:sdk-join-refused", "title",
                             why->title, "status", status, "detail", e->message, "sdk_error", "code", why->code,
                             "name", why->name);
    http_send_problem_json(r, status, body);
    return 0;
}

int c_sdk_join(struct http_req *r)
{
    static const char *const fields[] = {"signature", "meeting_number", "password", "display_name", "email", "zak",
                                         NULL};
    struct perr e = {0};
    struct sdk_error why = {0};
    json_t *body = http_json_body(r, &e), *out = NULL;
    if (!body)
        return fail(r, &e);
    char number[24];
    in_only(body, fields, &e);
    struct sdk_join_in in = {
        .signature = in_str(body, "signature", NULL, &e),
        .meeting_number = meeting_number(body, number, sizeof number, &e),
        .password = in_str(body, "password", NULL, &e),
        .display_name = in_str(body, "display_name", NULL, &e),
        .email = in_str(body, "email", NULL, &e),
        .zak = in_str(body, "zak", NULL, &e),
    };
    bounded(in.signature, "signature", SDK_SIGNATURE_MAX, 1, &e);
    bounded(in.display_name, "display_name", SDK_NAME_MAX, 1, &e);
    bounded(in.password, "password", SDK_PASSWORD_MAX, 0, &e);
    bounded(in.zak, "zak", 2048, 0, &e);
    if (in.email && *in.email && !user_email_valid(in.email))
        perr_field(&e, "email", "is not a valid e-mail address");
    int rc = e.kind == PERR_NONE ? sdk_join(r->db, &in, &out, &e, &why) : -1;
    json_decref(body);
    if (rc != 0)
        return refused(r, &e, &why);
    http_send_json(r, 201, out);
    return 0;
}
