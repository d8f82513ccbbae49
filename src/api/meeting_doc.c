/* The document of a meeting or webinar: Zoom's defaults, what a request may
 * set, passwords, start time in UTC, occurrences of recurring meetings and the
 * registration URL (zoom-wire §2.8–§2.9). */
#include "api/meetings_internal.h"
#include "api/timeutil.h"
#include "core/urls.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {"meeting", "webinar"};

/* Settings Zoom fills when the request leaves them out (zoom-wire §2.8). */
static const char *const meeting_settings_default =
    "{\"host_video\":false,\"participant_video\":false,\"cn_meeting\":false,\"in_meeting\":false,"
    "\"join_before_host\":false,\"jbh_time\":0,\"mute_upon_entry\":false,\"watermark\":false,\"use_pmi\":false,"
    "\"approval_type\":2,\"audio\":\"voip\",\"auto_recording\":\"none\",\"enforce_login\":false,"
    "\"enforce_login_domains\":\"\",\"alternative_hosts\":\"\",\"alternative_host_update_polls\":false,"
    "\"close_registration\":false,\"show_share_button\":false,\"allow_multiple_devices\":false,"
    "\"registrants_confirmation_email\":true,\"waiting_room\":false,"
    "\"request_permission_to_unmute_participants\":false,\"registrants_email_notification\":true,"
    "\"meeting_authentication\":false,\"encryption_type\":\"enhanced_encryption\","
    "\"approved_or_denied_countries_or_regions\":{\"enable\":false},\"breakout_room\":{\"enable\":false},"
    "\"alternative_hosts_email_notification\":true,\"show_join_info\":false,\"device_testing\":false,"
    "\"focus_mode\":false,\"enable_dedicated_group_chat\":false,\"private_meeting\":false,\"calendar_type\":1,"
    "\"email_notification\":true,\"host_save_video_order\":false,\"sign_language_interpretation\":{\"enable\":false},"
    "\"email_in_attendee_report\":false}";

static const char *const webinar_settings_default =
    "{\"host_video\":false,\"panelists_video\":false,\"practice_session\":false,\"hd_video\":false,"
    "\"hd_video_for_attendees\":false,\"send_1080p_video_to_attendees\":false,\"approval_type\":2,"
    "\"registration_type\":1,\"audio\":\"both\",\"auto_recording\":\"none\",\"enforce_login\":false,"
    "\"enforce_login_domains\":\"\",\"alternative_hosts\":\"\",\"alternative_host_update_polls\":false,"
    "\"close_registration\":false,\"show_share_button\":false,\"allow_multiple_devices\":false,"
    "\"on_demand\":false,\"global_dial_in_countries\":[],\"contact_name\":\"\",\"contact_email\":\"\","
    "\"registrants_restrict_number\":0,\"registrants_confirmation_email\":true,"
    "\"registrants_email_notification\":true,\"post_webinar_survey\":false,\"meeting_authentication\":false,"
    "\"question_and_answer\":{\"enable\":true,\"allow_submit_questions\":true,\"allow_anonymous_questions\":true,"
    "\"answer_questions\":\"all\",\"attendees_can_comment\":true,\"attendees_can_upvote\":true},"
    "\"panelists_invitation_email_notification\":true,"
    "\"attendees_and_panelists_reminder_email_notification\":{\"enable\":true,\"type\":0},"
    "\"follow_up_attendees_email_notification\":{\"enable\":false,\"type\":0},"
    "\"follow_up_absentees_email_notification\":{\"enable\":false,\"type\":0},\"email_language\":\"en-US\","
    "\"panelist_authentication\":false,\"add_watermark\":false,\"add_audio_watermark\":false,"
    "\"enable_session_branding\":false}";

json_t *meeting_default_settings(enum meeting_kind kind)
{
    return json_loads(kind == KIND_WEBINAR ? webinar_settings_default : meeting_settings_default, 0, NULL);
}

/* ---- building the document ------------------------------------------------- */

void meeting_random_chars(char *out, size_t n, const char *alphabet)
{
    uint8_t buf[64];
    size_t alen = strlen(alphabet);
    crypto_random(buf, n);
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[buf[i] % alen];
    out[n] = '\0';
}

static int password_ok(const char *p)
{
    size_t n = strlen(p);
    return n <= 10 &&
           strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@-_*") == n;
}

/* Merges `patch` into `base`: objects recursively, everything else replaced. */
json_t *meeting_occurrence(const json_t *doc, const char *occurrence_id)
{
    json_t *o;
    size_t i;
    json_array_foreach(json_object_get(doc, "occurrences"), i, o)
    {
        const char *oid = json_string_value(json_object_get(o, "occurrence_id"));
        if (oid && strcmp(oid, occurrence_id) == 0)
            return o;
    }
    return NULL;
}

void meeting_merge(json_t *base, const json_t *patch)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)patch, k, v)
    {
        json_t *cur = json_object_get(base, k);
        if (json_is_object(v) && json_is_object(cur))
            meeting_merge(cur, v);
        else
            json_object_set_new(base, k, json_deep_copy(v));
    }
}

static int is_recurring(enum meeting_kind kind, int type)
{
    return kind == KIND_MEETING ? type == 3 || type == 8 : type == 6 || type == 9;
}

static int has_fixed_time(enum meeting_kind kind, int type)
{
    return kind == KIND_MEETING ? type == 2 || type == 8 : type == 5 || type == 9;
}

void meeting_set_password(json_t *doc, const char *password)
{
    char digits[7], enc[31], full[40];
    meeting_random_chars(digits, 6, "0123456789");
    meeting_random_chars(enc, 30, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    snprintf(full, sizeof full, "%s.1", enc);
    json_object_set_new(doc, "password", json_string(password));
    json_object_set_new(doc, "h323_password", json_string(*password ? digits : ""));
    json_object_set_new(doc, "pstn_password", json_string(*password ? digits : ""));
    json_object_set_new(doc, "encrypted_password", json_string(*password ? full : ""));
}

/* Recomputes start_time (UTC), occurrences and registration URL after a change;
 * `start` receives the indexed start time. */
int meeting_derive(json_t *doc, enum meeting_kind kind, int type, int64_t now, int64_t *start, struct perr *e)
{
    const char *tz = json_string_value(json_object_get(doc, "timezone"));
    const char *given = json_string_value(json_object_get(doc, "start_time"));
    int64_t t = now;
    if (has_fixed_time(kind, type)) {
        if (given && *given) {
            if (time_parse(given, tz, &t) != 0)
                return perr_field(e, "start_time", "must be a date-time (yyyy-MM-ddTHH:mm:ssZ, or local time "
                                                   "without Z in a valid timezone)");
        }
        json_object_set_new(doc, "start_time", time_json(t));
    } else {
        json_object_del(doc, "start_time");
    }
    *start = t;

    if (is_recurring(kind, type)) {
        json_t *rec = json_object_get(doc, "recurrence");
        if (!json_is_object(rec)) {
            if (type == 8 || type == 9)
                return perr_field(e, "recurrence", "is required for recurring %ss with a fixed time",
                                  kind_names[kind]);
        } else if (type == 8 || type == 9) {
            int64_t times[OCCURRENCES_MAX];
            char why[120];
            const char *field;
            int n = recurrence_expand(rec, t, times, why, sizeof why, &field);
            if (n < 0)
                return perr_field(e, field, "%s", why);
            json_t *occ = json_array();
            json_t *duration = json_object_get(doc, "duration");
            for (int i = 0; i < n; i++) {
                char id[24];
                snprintf(id, sizeof id, "%lld", (long long)times[i] * 1000);
                /* an occurrence changed on its own (PATCH ?occurrence_id=) keeps its changes */
                json_t *kept = meeting_occurrence(doc, id);
                if (kept)
                    json_array_append(occ, kept);
                else
                    json_array_append_new(occ, json_pack("{s:s,s:o,s:o,s:s}", "occurrence_id", id, "start_time",
                                                         time_json(times[i]), "duration",
                                                         duration ? json_incref(duration) : json_integer(60),
                                                         "status", "available"));
            }
            json_object_set_new(doc, "occurrences", occ);
        }
    } else {
        json_object_del(doc, "recurrence");
        json_object_del(doc, "occurrences");
    }

    json_t *settings = json_object_get(doc, "settings");
    json_int_t approval = json_integer_value(json_object_get(settings, "approval_type"));
    if ((approval == 0 || approval == 1) && !json_object_get(doc, "registration_url")) {
        char token[32], url[600];
        crypto_token(token, sizeof token, 16);
        snprintf(url, sizeof url, "%s/%s/register/%s", urls_web(), kind_names[kind], token);
        json_object_set_new(doc, "registration_url", json_string(url));
    } else if (approval == 2) {
        json_object_del(doc, "registration_url");
    }
    return 0;
}

/* Fields the request may set, beyond settings (which merge). */
static const char *const top_fields[] = {"topic", "type", "start_time", "duration", "timezone", "agenda",
                                         "password", "recurrence", "tracking_fields", "pre_schedule",
                                         "default_password", "template_id", NULL};

int meeting_apply_body(json_t *doc, const json_t *body, enum meeting_kind kind, struct perr *e)
{
    for (const char *const *f = top_fields; *f; f++) {
        json_t *v = json_object_get(body, *f);
        if (v && !json_is_null(v))
            json_object_set_new(doc, *f, json_deep_copy(v));
    }
    json_object_del(doc, "default_password");
    json_t *settings = json_object_get(body, "settings");
    if (json_is_object(settings))
        meeting_merge(json_object_get(doc, "settings"), settings);

    const char *pw = json_string_value(json_object_get(body, "password"));
    if (pw && !password_ok(pw))
        perr_field(e, "password", "must be at most 10 characters: letters, digits, @ - _ *");
    const char *tz = json_string_value(json_object_get(doc, "timezone"));
    if (tz && *tz && !tz_valid(tz))
        perr_field(e, "timezone", "is not a known time zone");
    const char *topic = json_string_value(json_object_get(doc, "topic"));
    if (topic && strlen(topic) > 200)
        perr_field(e, "topic", "must be at most 200 characters");
    (void)kind;
    return e->kind == PERR_NONE ? 0 : -1;
}

