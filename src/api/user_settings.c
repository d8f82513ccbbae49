/* User settings (zoom-wire §2.7): Zoom's groups with plaza's defaults,
 * overlaid by what the user changed (stored as a JSON document that PATCH
 * merges into). The `option` views return the authentication options or the
 * meeting security group alone. */
#include "api/api.h"
#include "core/zoom_codes.h"
#include "api/request_schema.h"
#include "core/clock.h"
#include "core/db.h"
#include "api/user_data_store.h"
#include "events/events.h"

#include <stdlib.h>
#include <string.h>

static const char *const defaults_json =
    "{\"schedule_meeting\":{\"host_video\":false,\"participants_video\":false,\"audio_type\":\"voip\","
    "\"join_before_host\":false,\"force_pmi_jbh_password\":false,\"pstn_password_protected\":false,"
    "\"use_pmi_for_scheduled_meetings\":false,\"use_pmi_for_instant_meetings\":false,"
    "\"require_password_for_scheduling_new_meetings\":true,\"require_password_for_scheduled_meetings\":true,"
    "\"require_password_for_instant_meetings\":true,\"require_password_for_pmi_meetings\":\"all\","
    "\"embed_password_in_join_link\":true,\"personal_meeting\":true,\"default_password_for_scheduled_meetings\":\"\"},"
    "\"in_meeting\":{\"e2e_encryption\":false,\"chat\":true,\"private_chat\":true,\"auto_saving_chat\":false,"
    "\"entry_exit_chime\":\"none\",\"record_play_voice\":false,\"feedback\":false,\"co_host\":false,"
    "\"polling\":true,\"attendee_on_hold\":false,\"annotation\":true,\"remote_control\":true,"
    "\"non_verbal_feedback\":true,\"breakout_room\":false,\"remote_support\":false,\"closed_caption\":true,"
    "\"far_end_camera_control\":false,\"group_hd\":false,\"virtual_background\":true,\"waiting_room\":false,"
    "\"screen_sharing\":true,\"who_can_share_screen\":\"host\","
    "\"who_can_share_screen_when_someone_is_sharing\":\"host\",\"allow_live_streaming\":false,"
    "\"show_meeting_control_toolbar\":false},"
    "\"email_notification\":{\"cloud_recording_available_reminder\":true,\"jbh_reminder\":true,"
    "\"cancel_meeting_reminder\":true,\"alternative_host_reminder\":true,\"schedule_for_reminder\":true},"
    "\"recording\":{\"local_recording\":true,\"cloud_recording\":true,\"record_speaker_view\":true,"
    "\"record_gallery_view\":false,\"record_audio_file\":true,\"save_chat_text\":true,\"show_timestamp\":true,"
    "\"recording_audio_transcript\":false,\"auto_recording\":\"none\",\"host_pause_stop_recording\":true,"
    "\"auto_delete_cmr\":false,\"auto_delete_cmr_days\":30},"
    "\"telephony\":{\"third_party_audio\":false,\"audio_conference_info\":\"\",\"show_international_numbers_link\":true},"
    "\"feature\":{\"meeting_capacity\":100,\"large_meeting\":false,\"webinar\":false,\"cn_meeting\":false,"
    "\"in_meeting\":false,\"zoom_phone\":false,\"concurrent_meeting\":\"None\"},"
    "\"tsp\":{\"call_out\":false,\"show_international_numbers_link\":false},"
    "\"profile\":{\"recording_storage_location\":{\"allowed_values\":[\"US\"],\"value\":\"US\"}},"
    "\"audio_conferencing\":{\"toll_free_and_fee_based_toll_call\":{\"enable\":false}},"
    "\"whiteboard\":{\"out_meeting_advanced_whiteboard\":false,\"in_meeting_advanced_whiteboard\":false}}";

static const char *const security_json =
    "{\"meeting_security\":{\"auto_security\":true,\"block_user_domain\":false,\"embed_password_in_join_link\":true,"
    "\"encryption_type\":\"enhanced_encryption\",\"end_to_end_encrypted_meetings\":false,"
    "\"meeting_password\":true,\"only_authenticated_can_join_from_webclient\":false,"
    "\"phone_password\":false,\"pmi_password\":true,\"require_password_for_scheduled_meeting\":true,"
    "\"require_password_for_scheduled_webinar\":true,\"waiting_room\":false,\"webinar_password\":false}}";

static void merge(json_t *base, const json_t *patch)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)patch, k, v)
    {
        json_t *cur = json_object_get(base, k);
        if (json_is_object(v) && json_is_object(cur))
            merge(cur, v);
        else
            json_object_set_new(base, k, json_deep_copy(v));
    }
}

/* The user's stored changes, or an empty object. */
static json_t *stored(struct db *db, const struct user *u)
{
    char *text = user_settings_store_get(db, u->id);
    json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    return doc ? doc : json_object();
}

static int valid_option(const char *option, struct perr *e)
{
    if (option && strcmp(option, "meeting_authentication") != 0 && strcmp(option, "recording_authentication") != 0 &&
        strcmp(option, "meeting_security") != 0) {
        perr_field(e, "option", "must be meeting_authentication, recording_authentication or meeting_security");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    return 0;
}

int api_user_settings(struct db *db, const struct user *u, const char *option, json_t **out, struct perr *e)
{
    if (valid_option(option, e) != 0)
        return -1;
    json_t *changes = stored(db, u);
    if (option && strcmp(option, "meeting_security") == 0) {
        json_t *o = json_loads(security_json, 0, NULL);
        json_t *sec = json_object_get(changes, "meeting_security");
        if (json_is_object(sec))
            merge(json_object_get(o, "meeting_security"), sec);
        json_decref(changes);
        *out = o;
        return 0;
    }
    if (option) {
        json_t *opts = json_object_get(changes, option);
        *out = json_pack("{s:o}", "authentication_options", json_is_array(opts) ? json_incref(opts) : json_array());
        json_decref(changes);
        return 0;
    }
    json_t *o = json_loads(defaults_json, 0, NULL);
    /* the licence decides features the account cannot change by settings */
    json_object_set_new(json_object_get(o, "feature"), "webinar", json_boolean(u->type == 2));
    json_object_set_new(json_object_get(o, "feature"), "meeting_capacity", json_integer(u->type == 2 ? 300 : 100));
    const char *k;
    json_t *v;
    json_object_foreach(changes, k, v) if (json_object_get(o, k) && json_is_object(v)) merge(json_object_get(o, k), v);
    json_decref(changes);
    *out = o;
    return 0;
}

struct settings_tx {
    const struct user *u;
    const char *doc;
    json_t *payload; /* taken */
    int ran;
};

static int settings_in_tx(struct db *db, void *arg)
{
    struct settings_tx *t = arg;
    t->ran = 1;
    if (user_settings_store_put(db, t->u->id, t->doc) != 0) {
        json_decref(t->payload);
        return -1;
    }
    return events_emit(db, t->u->account_id, NULL, "user.settings_updated", t->payload) != 0 ? -1 : 0;
}

int api_user_settings_update(struct db *db, const struct api_caller *c, const struct user *u, const char *option,
                             json_t *body, struct perr *e)
{
    if (valid_option(option, e) != 0)
        return -1;
    /* Zoom's schema is a oneOf whose branches overlap (one is an empty object):
     * the `option` parameter says which one applies */
    const json_t *schema = schema_of("userSettingsUpdate");
    const json_t *branches = json_object_get(schema, "oneOf");
    size_t branch = !option ? 0 : strcmp(option, "meeting_security") == 0 ? 3 : 1;
    if (json_is_array(branches) && json_array_size(branches) > branch)
        schema = json_array_get(branches, branch);
    if (schema && schema_validate(schema, body, e) != 0)
        return -1;
    json_t *changes = stored(db, u), *defaults = json_loads(defaults_json, 0, NULL);
    if (option && strcmp(option, "meeting_security") != 0) {
        json_t *list = json_object_get(body, "authentication_option");
        if (json_is_object(list)) {
            json_t *arr = json_object_get(changes, option);
            if (!json_is_array(arr)) {
                arr = json_array();
                json_object_set_new(changes, option, arr);
            }
            json_array_append_new(arr, json_deep_copy(list));
        }
    } else {
        /* only Zoom's groups are kept; unknown groups are ignored as Zoom ignores them */
        const char *k;
        json_t *v;
        json_object_foreach(body, k, v)
        {
            if (!json_is_object(v) || (!json_object_get(defaults, k) && strcmp(k, "meeting_security") != 0))
                continue;
            json_t *cur = json_object_get(changes, k);
            if (!json_is_object(cur)) {
                cur = json_object();
                json_object_set_new(changes, k, cur);
            }
            merge(cur, v);
        }
    }
    json_decref(defaults);
    char *text = json_dumps(changes, JSON_COMPACT);
    json_decref(changes);
    if (!text)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    /* user.settings_updated: the settings as asked, and what they were before */
    json_t *current = NULL, *old_settings = json_object();
    struct perr ignore = {0};
    if (api_user_settings(db, u, option, &current, &ignore) == 0) {
        const char *k;
        json_t *v;
        json_object_foreach(body, k, v)
        {
            if (json_object_get(current, k))
                json_object_set(old_settings, k, json_object_get(current, k));
        }
    }
    json_decref(current);
    char email[USER_EMAIL_MAX + 1];
    api_operator(db, c, email);
    json_t *payload = json_pack("{s:s,s:s,s:s,s:{s:s,s:O},s:{s:s,s:o},s:I}", "account_id", u->account_id, "operator",
                                email, "operator_id", c->user_id, "object", "id", u->id, "settings", body,
                                "old_object", "id", u->id, "settings", old_settings, "time_stamp",
                                (json_int_t)clock_now_ms());
    struct settings_tx t = {u, text, payload, 0};
    int rc = db_transaction(db, settings_in_tx, &t);
    free(text);
    if (!t.ran)
        json_decref(payload);
    if (rc != 0)
        return perr_set(e, PERR_INTERNAL, "%s", t.ran ? "Storing the settings failed." : "The store is busy.");
    return 0;
}
