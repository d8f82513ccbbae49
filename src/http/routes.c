/* Every route plaza serves, in one table. /v2 rows list the scopes that
 * accept the call, classic then granular, as zoom-wire §2.5 does; any one
 * suffices, and acting on another user needs one of the :admin ones. */
#include "control/control.h"
#include "http/handlers.h"
#include "http/router.h"
#include "market/market.h"

/* Body bounds: the OAuth endpoints' forms and JSON HTTP_FORM_MAX_BODY; JSON
 * (/v2, /_plaza) HTTP_JSON_MAX_BODY, and so the sign-in and consent forms,
 * whose `q` carries the authorize query (up to a 16 KiB head) encoded again;
 * uploads their own (the largest file they accept). The largest bound is also
 * h2o's (server.c). */
#define OAUTH(m, p, h) {m, p, SURFACE_OAUTH, h, 0, NULL, NULL, HTTP_FORM_MAX_BODY}
#define PAGE(m, p, h) {m, p, SURFACE_PAGE, h, 0, NULL, NULL, HTTP_JSON_MAX_BODY}
#define V2(m, p, h, label, scopes) {m, p, SURFACE_API, h, ROUTE_TOKEN, scopes, label, HTTP_JSON_MAX_BODY}
#define CONTROL(m, p, h, who) {m, p, SURFACE_CONTROL, h, ROUTE_ADMIN, NULL, NULL, HTTP_JSON_MAX_BODY, who}

/* Who may call a control route (router.h, docs/access.md): a level, and the object it is checked against. */
#define ON(level, object, from, name, flags) {level, object, from, name, flags}
#define OPERATOR {ACCESS_OPERATOR}
#define ANYONE {ACCESS_PUBLIC}
#define SIGNED_IN {ACCESS_SIGNED_IN}
#define REVIEWER {ACCESS_REVIEWER}
#define ACCOUNT(level) {level, OBJ_ACCOUNT, FROM_PATH, "accountId", 0}
#define USER(level) {level, OBJ_USER, FROM_PATH, "userId", 0}
#define MEETING(level) {level, OBJ_MEETING, FROM_PATH, "meetingId", 0}
#define APP_READ {ACCESS_MEMBER, OBJ_APP, FROM_PATH, "appId", ACCESS_REVIEWER_READS}
#define APP_MANAGE {ACCESS_MANAGER, OBJ_APP, FROM_PATH, "appId", 0}
/* the app {appId} or one of its parts: reads answer ETag "r<revision>", changes honour If-Match (revision.c) */
#define APP_PART(m, p, h, who) {m, p, SURFACE_CONTROL, h, ROUTE_ADMIN | ROUTE_APP_REVISION, NULL, NULL, HTTP_JSON_MAX_BODY, who}
#define PLAIN(m, p, h) {m, p, SURFACE_PLAIN, h, 0, NULL, NULL, HTTP_JSON_MAX_BODY}

const struct route routes[] = {
    /* zoom.us: OAuth (zoom-wire §1) */
    PAGE("GET", "/oauth/authorize", h_oauth_authorize),
    PAGE("POST", "/oauth/signin", h_oauth_signin),
    PAGE("POST", "/oauth/consent", h_oauth_consent),
    OAUTH("POST", "/oauth/token", h_oauth_token),
    OAUTH("POST", "/oauth/revoke", h_oauth_revoke),
    OAUTH("POST", "/oauth/data/compliance", h_oauth_compliance),

    /* api.zoom.us/v2: users (zoom-wire §2.5–§2.7); the list is the account's, for account-level scopes only */
    V2("GET", "/v2/users", h_v2_users_list, "Medium", SCOPES("user:read:admin", "user:read:list_users:admin")),
    V2("GET", "/v2/users/{userId}", h_v2_user_get, "Light",
       SCOPES("user:read", "user:read:admin", "user_info:read", "user:read:user", "user:read:user:admin")),
    V2("PATCH", "/v2/users/{userId}", h_v2_user_patch, "Light",
       SCOPES("user:write", "user:write:admin", "user:update:user", "user:update:user:admin")),
    V2("GET", "/v2/users/{userId}/settings", h_v2_user_settings_get, "Medium",
       SCOPES("user:read", "user:read:admin", "user:read:settings", "user:read:settings:admin")),
    V2("PATCH", "/v2/users/{userId}/settings", h_v2_user_settings_patch, "Medium",
       SCOPES("user:write", "user:write:admin", "user:update:settings", "user:update:settings:admin")),
    V2("GET", "/v2/users/{userId}/assistants", h_v2_assistants_list, "Medium",
       SCOPES("user:read", "user:read:admin", "user:read:list_assistants", "user:read:list_assistants:admin")),
    V2("POST", "/v2/users/{userId}/assistants", h_v2_assistants_create, "Medium",
       SCOPES("user:write", "user:write:admin", "user:write:assistant", "user:write:assistant:admin")),
    V2("DELETE", "/v2/users/{userId}/assistants", h_v2_assistants_delete_all, "Light",
       SCOPES("user:write", "user:write:admin", "user:delete:assistant", "user:delete:assistant:admin")),
    V2("DELETE", "/v2/users/{userId}/assistants/{assistantId}", h_v2_assistant_delete, "Light",
       SCOPES("user:write", "user:write:admin", "user:delete:assistant", "user:delete:assistant:admin")),
    V2("GET", "/v2/users/{userId}/token", h_v2_user_token_get, "Light",
       SCOPES("user:read", "user:read:admin", "user:read:token", "user:read:token:admin")),
    V2("DELETE", "/v2/users/{userId}/token", h_v2_user_token_delete, "Light",
       SCOPES("user:write", "user:write:admin", "user:delete:token", "user:delete:token:admin")),

    /* profile pictures: multipart/form-data (pic_file), Zoom's 2 MB rule plus room for the part's headers */
#define V2_UPLOAD(m, p, h, label, scopes, max) {m, p, SURFACE_API, h, ROUTE_TOKEN, scopes, label, max}
    V2_UPLOAD("POST", "/v2/users/{userId}/picture", h_v2_user_picture_upload, "Medium",
              SCOPES("user:write", "user:write:admin", "user:write:profile_picture",
                     "user:write:profile_picture:admin"),
              MEDIA_PICTURE_MAX_BYTES + 65536),
#undef V2_UPLOAD
    V2("DELETE", "/v2/users/{userId}/picture", h_v2_user_picture_delete, "Medium",
       SCOPES("user:write", "user:write:admin", "user:delete:profile_picture", "user:delete:profile_picture:admin")),

    /* meetings (§2.8) */
    V2("GET", "/v2/users/{userId}/meetings", h_v2_meetings_list, "Medium",
       SCOPES("meeting:read", "meeting:read:admin", "meeting:read:list_meetings", "meeting:read:list_meetings:admin")),
    V2("POST", "/v2/users/{userId}/meetings", h_v2_meetings_create, "Medium",
       SCOPES("meeting:write", "meeting:write:admin", "meeting:write:meeting", "meeting:write:meeting:admin")),
    V2("GET", "/v2/meetings/{meetingId}", h_v2_meeting_get, "Light",
       SCOPES("meeting:read", "meeting:read:admin", "meeting:read:meeting", "meeting:read:meeting:admin")),
    V2("PATCH", "/v2/meetings/{meetingId}", h_v2_meeting_patch, "Light",
       SCOPES("meeting:write", "meeting:write:admin", "meeting:update:meeting", "meeting:update:meeting:admin")),
    V2("DELETE", "/v2/meetings/{meetingId}", h_v2_meeting_delete, "Light",
       SCOPES("meeting:write", "meeting:write:admin", "meeting:delete:meeting", "meeting:delete:meeting:admin")),
    V2("GET", "/v2/meetings/{meetingId}/invitation", h_v2_meeting_invitation, "Light",
       SCOPES("meeting:read", "meeting:read:admin", "meeting:read:invitation", "meeting:read:invitation:admin")),
    V2("PUT", "/v2/meetings/{meetingId}/status", h_v2_meeting_status, "Light",
       SCOPES("meeting:write", "meeting:write:admin", "meeting:update:status", "meeting:update:status:admin")),
    V2("POST", "/v2/meetings/{meetingId}/registrants", h_v2_meeting_registrants_create, "Light",
       SCOPES("meeting:write", "meeting:write:admin", "meeting:write:registrant", "meeting:write:registrant:admin")),
    V2("GET", "/v2/meetings/{meetingId}/registrants", h_v2_meeting_registrants_list, "Medium",
       SCOPES("meeting:read", "meeting:read:admin", "meeting:read:list_registrants",
              "meeting:read:list_registrants:admin")),
    V2("PUT", "/v2/meetings/{meetingId}/registrants/status", h_v2_meeting_registrants_status, "Medium",
       SCOPES("meeting:write", "meeting:write:admin", "meeting:update:registrant_status",
              "meeting:update:registrant_status:admin")),

    /* webinars (§2.9) */
    V2("GET", "/v2/users/{userId}/webinars", h_v2_webinars_list, "Medium",
       SCOPES("webinar:read", "webinar:read:admin", "webinar:read:list_webinars", "webinar:read:list_webinars:admin")),
    V2("POST", "/v2/users/{userId}/webinars", h_v2_webinars_create, "Light",
       SCOPES("webinar:write", "webinar:write:admin", "webinar:write:webinar", "webinar:write:webinar:admin")),
    V2("GET", "/v2/webinars/{webinarId}", h_v2_webinar_get, "Light",
       SCOPES("webinar:read", "webinar:read:admin", "webinar:read:webinar", "webinar:read:webinar:admin")),
    V2("PATCH", "/v2/webinars/{webinarId}", h_v2_webinar_patch, "Light",
       SCOPES("webinar:write", "webinar:write:admin", "webinar:update:webinar", "webinar:update:webinar:admin")),
    V2("DELETE", "/v2/webinars/{webinarId}", h_v2_webinar_delete, "Light",
       SCOPES("webinar:write", "webinar:write:admin", "webinar:delete:webinar", "webinar:delete:webinar:admin")),
    V2("PUT", "/v2/webinars/{webinarId}/status", h_v2_webinar_status, "Light",
       SCOPES("webinar:write", "webinar:write:admin", "webinar:update:status", "webinar:update:status:admin")),
    V2("POST", "/v2/webinars/{webinarId}/registrants", h_v2_webinar_registrants_create, "Light",
       SCOPES("webinar:write", "webinar:write:admin", "webinar:write:registrant", "webinar:write:registrant:admin")),
    V2("GET", "/v2/webinars/{webinarId}/registrants", h_v2_webinar_registrants_list, "Medium",
       SCOPES("webinar:read", "webinar:read:admin", "webinar:read:list_registrants",
              "webinar:read:list_registrants:admin")),
    V2("PUT", "/v2/webinars/{webinarId}/registrants/status", h_v2_webinar_registrants_status, "Medium",
       SCOPES("webinar:write", "webinar:write:admin", "webinar:update:registrant_status",
              "webinar:update:registrant_status:admin")),
    V2("GET", "/v2/webinars/{webinarId}/panelists", h_v2_panelists_list, "Medium",
       SCOPES("webinar:read", "webinar:read:admin", "webinar:read:list_panelists", "webinar:read:list_panelists:admin")),
    V2("POST", "/v2/webinars/{webinarId}/panelists", h_v2_panelists_create, "Medium",
       SCOPES("webinar:write", "webinar:write:admin", "webinar:write:panelist", "webinar:write:panelist:admin")),
    V2("DELETE", "/v2/webinars/{webinarId}/panelists", h_v2_panelists_delete_all, "Light",
       SCOPES("webinar:write", "webinar:write:admin", "webinar:delete:panelist", "webinar:delete:panelist:admin")),
    V2("DELETE", "/v2/webinars/{webinarId}/panelists/{panelistId}", h_v2_panelist_delete, "Light",
       SCOPES("webinar:write", "webinar:write:admin", "webinar:delete:panelist", "webinar:delete:panelist:admin")),

    /* past meetings and webinars: ended instances and who took part (sim/past.c); the granular scopes of the
     * past webinar routes are the 2023-10 file's, the meeting ones follow them (spec/scopes-plaza.tsv) */
    V2("GET", "/v2/past_meetings/{meetingId}", h_v2_past_meeting_get, "Light",
       SCOPES("meeting:read", "meeting:read:admin", "meeting:read:past_meeting", "meeting:read:past_meeting:admin")),
    V2("GET", "/v2/past_meetings/{meetingId}/instances", h_v2_past_meeting_instances, "Medium",
       SCOPES("meeting:read", "meeting:read:admin", "meeting:read:list_past_instances",
              "meeting:read:list_past_instances:admin")),
    V2("GET", "/v2/past_meetings/{meetingId}/participants", h_v2_past_meeting_participants, "Medium",
       SCOPES("meeting:read", "meeting:read:admin", "meeting:read:list_past_participants",
              "meeting:read:list_past_participants:admin")),
    V2("GET", "/v2/past_webinars/{webinarId}/instances", h_v2_past_webinar_instances, "Light",
       SCOPES("webinar:read", "webinar:read:admin", "webinar:read:list_past_instances",
              "webinar:read:list_past_instances:admin")),
    V2("GET", "/v2/past_webinars/{webinarId}/participants", h_v2_past_webinar_participants, "Medium",
       SCOPES("webinar:read", "webinar:read:admin", "webinar:read:list_past_participants",
              "webinar:read:list_past_participants:admin")),
    /* reports of the same instances, for account-level apps only (report:read:admin; the OpenAPI file names
     * no granular scope for them) */
    V2("GET", "/v2/report/meetings/{meetingId}", h_v2_report_meeting_get, "Heavy", SCOPES("report:read:admin")),
    V2("GET", "/v2/report/meetings/{meetingId}/participants", h_v2_report_meeting_participants, "Heavy",
       SCOPES("report:read:admin")),
    V2("GET", "/v2/report/webinars/{webinarId}", h_v2_report_webinar_get, "Heavy", SCOPES("report:read:admin")),
    V2("GET", "/v2/report/webinars/{webinarId}/participants", h_v2_report_webinar_participants, "Heavy",
       SCOPES("report:read:admin")),

    /* cloud recordings (§2.10); Zoom's 2023-10 file lists phone_recording:read:admin for recordingGet, a slip
     * (zoom-wire §2.5): plaza accepts recording:read:admin there */
    V2("GET", "/v2/users/{userId}/recordings", h_v2_recordings_list, "Medium",
       SCOPES("recording:read", "recording:read:admin", "cloud_recording:read:list_user_recordings",
              "cloud_recording:read:list_user_recordings:admin")),
    V2("GET", "/v2/accounts/{accountId}/recordings", h_v2_account_recordings_list, "Medium",
       SCOPES("recording:read:admin", "account:read:admin", "cloud_recording:read:list_account_recordings:admin")),
    V2("GET", "/v2/meetings/{meetingId}/recordings", h_v2_recording_get, "Light",
       SCOPES("recording:read", "recording:read:admin", "cloud_recording:read:list_recording_files",
              "cloud_recording:read:list_recording_files:admin")),
    V2("DELETE", "/v2/meetings/{meetingId}/recordings", h_v2_recording_delete, "Light",
       SCOPES("recording:write", "recording:write:admin", "cloud_recording:delete:meeting_recording",
              "cloud_recording:delete:meeting_recording:admin")),
    V2("DELETE", "/v2/meetings/{meetingId}/recordings/{recordingId}", h_v2_recording_file_delete, "Light",
       SCOPES("recording:write", "recording:write:admin", "cloud_recording:delete:recording_file",
              "cloud_recording:delete:recording_file:admin")),

    /* Team Chat: a chatbot's messages, with its client_credentials token */
    V2("POST", "/v2/im/chat/messages", h_v2_chat_message_send, "Medium", SCOPES("imchat:bot")),

    /* plaza's control API; who may call each route is its last column (docs/access.md) */
    CONTROL("POST", "/_plaza/session", c_session_create, ANYONE),
    CONTROL("GET", "/_plaza/session", c_session_get, ANYONE),
    CONTROL("DELETE", "/_plaza/session", c_session_delete, ANYONE),
    CONTROL("POST", "/_plaza/tokens", c_tokens_create, ANYONE), /* signed in, or with e-mail and password */
    CONTROL("GET", "/_plaza/tokens", c_tokens_list, SIGNED_IN),
    CONTROL("DELETE", "/_plaza/tokens/{tokenId}", c_token_delete, SIGNED_IN),
    CONTROL("GET", "/_plaza/operators", c_operators_list, OPERATOR),
    CONTROL("PUT", "/_plaza/operators/{userId}", c_operator_put, OPERATOR),
    CONTROL("DELETE", "/_plaza/operators/{userId}", c_operator_delete, OPERATOR),
    CONTROL("POST", "/_plaza/accounts", c_accounts_create, OPERATOR),
    CONTROL("GET", "/_plaza/accounts", c_accounts_list, OPERATOR),
    CONTROL("GET", "/_plaza/accounts/{accountId}", c_account_get, ACCOUNT(ACCESS_MEMBER)),
    CONTROL("DELETE", "/_plaza/accounts/{accountId}", c_account_delete, ACCOUNT(ACCESS_OPERATOR)),
    CONTROL("PATCH", "/_plaza/accounts/{accountId}", c_account_patch, ACCOUNT(ACCESS_OPERATOR)),
    CONTROL("POST", "/_plaza/accounts/{accountId}/users", c_users_create, ACCOUNT(ACCESS_ADMIN)),
    CONTROL("GET", "/_plaza/accounts/{accountId}/users", c_users_list, ACCOUNT(ACCESS_MEMBER)),
    CONTROL("GET", "/_plaza/users/{userId}", c_user_get, USER(ACCESS_MEMBER)),
    CONTROL("POST", "/_plaza/apps", c_apps_create, ON(ACCESS_MEMBER, OBJ_ACCOUNT, FROM_BODY, "account_id", 0)),
    CONTROL("GET", "/_plaza/apps", c_apps_list, ON(ACCESS_MEMBER, OBJ_ACCOUNT, FROM_QUERY, "account_id", ACCESS_OWN_DEFAULT | ACCESS_REVIEW_QUEUE)),
    APP_PART("GET", "/_plaza/apps/{appId}", c_app_get, APP_READ),
    APP_PART("PATCH", "/_plaza/apps/{appId}", c_app_patch, APP_MANAGE),
    APP_PART("DELETE", "/_plaza/apps/{appId}", c_app_delete, APP_MANAGE),
    APP_PART("POST", "/_plaza/apps/{appId}/credentials/{env}/secret", c_app_rotate_secret, APP_MANAGE),
    CONTROL("GET", "/_plaza/scopes", c_scopes_list, SIGNED_IN),
    /* the Marketplace lifecycle (docs/marketplace.md): sections, checklist, review, publishing, media,
     * domains, Publishable URLs, private sharing, pre-approval, installs */
#define UPLOAD(m, p, h, max, who) {m, p, SURFACE_CONTROL, h, ROUTE_ADMIN | ROUTE_APP_REVISION, NULL, NULL, max, who}
    APP_PART("GET", "/_plaza/apps/{appId}/sections", c_market_sections_get, APP_READ),
    APP_PART("PATCH", "/_plaza/apps/{appId}/sections", c_market_sections_patch, APP_MANAGE),
    APP_PART("PUT", "/_plaza/apps/{appId}/production", c_market_production_put, APP_MANAGE),
    APP_PART("GET", "/_plaza/apps/{appId}/environments/{env}", c_market_tab_get, APP_READ),
    APP_PART("PATCH", "/_plaza/apps/{appId}/environments/{env}", c_market_tab_patch, APP_MANAGE),
    APP_PART("GET", "/_plaza/apps/{appId}/checklist", c_market_checklist, APP_READ),
    APP_PART("POST", "/_plaza/apps/{appId}/submit", c_market_submit, APP_MANAGE),
    APP_PART("POST", "/_plaza/apps/{appId}/withdraw", c_market_withdraw, APP_MANAGE),
    APP_PART("POST", "/_plaza/apps/{appId}/review", c_market_review, ON(ACCESS_REVIEWER, OBJ_APP, FROM_PATH, "appId", 0)),
    APP_PART("POST", "/_plaza/apps/{appId}/publish", c_market_publish, APP_MANAGE),
    APP_PART("GET", "/_plaza/apps/{appId}/history", c_market_history, APP_READ),
    APP_PART("GET", "/_plaza/apps/{appId}/versions", c_market_versions, APP_READ),
    UPLOAD("POST", "/_plaza/apps/{appId}/media/{kind}", c_market_media_upload, MEDIA_UPLOAD_MAX_BODY, APP_MANAGE),
    APP_PART("GET", "/_plaza/apps/{appId}/media", c_market_media_list, APP_READ),
    APP_PART("GET", "/_plaza/apps/{appId}/media/{mediaId}", c_market_media_get, APP_READ),
    APP_PART("DELETE", "/_plaza/apps/{appId}/media/{mediaId}", c_market_media_delete, APP_MANAGE),
    UPLOAD("PUT", "/_plaza/apps/{appId}/media/{mediaId}", c_market_media_replace, MEDIA_UPLOAD_MAX_BODY, APP_MANAGE),
    CONTROL("GET", "/_plaza/apps/{appId}/domains", c_market_domains_list, APP_READ),
    CONTROL("POST", "/_plaza/apps/{appId}/domains/verify", c_market_domains_verify, APP_MANAGE),
    CONTROL("POST", "/_plaza/apps/{appId}/publishable-url", c_market_link_create, APP_MANAGE),
    CONTROL("GET", "/_plaza/apps/{appId}/publishable-url", c_market_link_get, APP_READ),
    CONTROL("POST", "/_plaza/apps/{appId}/share-requests", c_market_share_create, APP_MANAGE),
    CONTROL("GET", "/_plaza/apps/{appId}/share-requests", c_market_share_list, APP_READ),
    CONTROL("GET", "/_plaza/apps/{appId}/installs", c_market_installs, APP_MANAGE),
    CONTROL("POST", "/_plaza/apps/{appId}/uninstall", c_market_uninstall, ON(ACCESS_SELF, OBJ_USER, FROM_BODY, "user", 0)),
    CONTROL("GET", "/_plaza/share-requests", c_market_share_queue, REVIEWER),
    CONTROL("POST", "/_plaza/share-requests/{requestId}/decision", c_market_share_decide, REVIEWER),
    /* the Marketplace's notifications: a user reads their own (or, an owner or admin, their account's users') */
    CONTROL("GET", "/_plaza/mailbox", c_mailbox_list, ON(ACCESS_SELF, OBJ_USER, FROM_QUERY, "user", ACCESS_OWN_DEFAULT)),
    CONTROL("GET", "/_plaza/mailbox/{mailId}", c_mailbox_get, ON(ACCESS_SELF, OBJ_MAIL, FROM_PATH, "mailId", 0)),
    CONTROL("GET", "/_plaza/marketplace/settings", c_market_settings_get, SIGNED_IN),
    CONTROL("PATCH", "/_plaza/marketplace/settings", c_market_settings_patch, OPERATOR),
    CONTROL("GET", "/_plaza/reviewers", c_market_reviewers_list, OPERATOR),
    CONTROL("PUT", "/_plaza/reviewers/{userId}", c_market_reviewer_put, OPERATOR),
    CONTROL("DELETE", "/_plaza/reviewers/{userId}", c_market_reviewer_delete, OPERATOR),
    CONTROL("GET", "/_plaza/accounts/{accountId}/installs", c_account_installs, ACCOUNT(ACCESS_ADMIN)),
    CONTROL("GET", "/_plaza/accounts/{accountId}/app-policy", c_market_policy_get, ACCOUNT(ACCESS_MEMBER)),
    CONTROL("PATCH", "/_plaza/accounts/{accountId}/app-policy", c_market_policy_patch, ACCOUNT(ACCESS_ADMIN)),
    CONTROL("PUT", "/_plaza/accounts/{accountId}/preapproved-apps/{appId}", c_market_preapproval_put, ACCOUNT(ACCESS_MANAGER)),
    CONTROL("DELETE", "/_plaza/accounts/{accountId}/preapproved-apps/{appId}", c_market_preapproval_delete, ACCOUNT(ACCESS_MANAGER)),
    CONTROL("GET", "/_plaza/accounts/{accountId}/marketplace-permissions", c_market_permissions_list, ACCOUNT(ACCESS_MEMBER)),
    CONTROL("PUT", "/_plaza/accounts/{accountId}/marketplace-permissions/{userId}", c_market_permission_put, ACCOUNT(ACCESS_ADMIN)),
    CONTROL("DELETE", "/_plaza/accounts/{accountId}/marketplace-permissions/{userId}", c_market_permission_delete, ACCOUNT(ACCESS_ADMIN)),
#undef UPLOAD
    /* the public directory of published apps: anyone may browse (docs/control-api.md) */
    CONTROL("GET", "/_plaza/directory", c_directory_list, ANYONE),
    CONTROL("GET", "/_plaza/directory/{appId}", c_directory_get, ANYONE),
    CONTROL("GET", "/_plaza/directory/{appId}/media/{mediaId}", c_directory_media, ANYONE),
    CONTROL("POST", "/_plaza/oauth/consent", c_oauth_consent, ON(ACCESS_SELF, OBJ_USER, FROM_BODY, "user", 0)),
    CONTROL("GET", "/_plaza/meetings/{meetingId}", c_meeting_state, MEETING(ACCESS_MEMBER)),
    CONTROL("POST", "/_plaza/meetings/{meetingId}/start", c_meeting_start, MEETING(ACCESS_SELF)),
    CONTROL("POST", "/_plaza/meetings/{meetingId}/participants", c_meeting_join, MEETING(ACCESS_MEMBER)),
    CONTROL("DELETE", "/_plaza/meetings/{meetingId}/participants/{participantId}", c_meeting_leave, MEETING(ACCESS_MEMBER)),
    CONTROL("POST", "/_plaza/meetings/{meetingId}/scenario", c_meeting_scenario, MEETING(ACCESS_MEMBER)),
    CONTROL("POST", "/_plaza/meetings/{meetingId}/say", c_meeting_say, MEETING(ACCESS_MEMBER)),
    /* a participant's ears: its audio token (the join's audio_url) is the credential */
    CONTROL("GET", "/_plaza/meetings/{meetingId}/audio", c_meeting_audio, ANYONE),
    CONTROL("POST", "/_plaza/meetings/{meetingId}/chat", c_meeting_chat, MEETING(ACCESS_MEMBER)),
    CONTROL("POST", "/_plaza/meetings/{meetingId}/end", c_meeting_end, MEETING(ACCESS_SELF)),
    CONTROL("POST", "/_plaza/sdk/join", c_sdk_join, ANYONE), /* the Meeting SDK JWT is the credential */
    CONTROL("POST", "/_plaza/faults", c_faults_create, OPERATOR),
    CONTROL("GET", "/_plaza/faults", c_faults_list, OPERATOR),
    CONTROL("DELETE", "/_plaza/faults", c_faults_clear, OPERATOR),
    CONTROL("DELETE", "/_plaza/faults/{faultId}", c_fault_delete, OPERATOR),
    /* webhooks: subscriptions, deliveries, deauthorizations (zoom-wire §3) */
    APP_PART("POST", "/_plaza/apps/{appId}/event_subscriptions", c_subscriptions_create, APP_MANAGE),
    APP_PART("GET", "/_plaza/apps/{appId}/event_subscriptions", c_subscriptions_list, APP_READ),
    APP_PART("GET", "/_plaza/apps/{appId}/event_subscriptions/{subscriptionId}", c_subscription_get, APP_READ),
    APP_PART("PATCH", "/_plaza/apps/{appId}/event_subscriptions/{subscriptionId}", c_subscription_patch, APP_MANAGE),
    APP_PART("DELETE", "/_plaza/apps/{appId}/event_subscriptions/{subscriptionId}", c_subscription_delete, APP_MANAGE),
    CONTROL("POST", "/_plaza/apps/{appId}/event_subscriptions/{subscriptionId}/validate", c_subscription_validate, APP_MANAGE),
    CONTROL("GET", "/_plaza/apps/{appId}/deliveries/stream", c_deliveries_stream,
            ON(ACCESS_MEMBER, OBJ_APP, FROM_PATH, "appId", 0)),
    CONTROL("GET", "/_plaza/deliveries", c_deliveries_list, ON(ACCESS_MEMBER, OBJ_APP, FROM_QUERY, "app_id", 0)),
    CONTROL("GET", "/_plaza/deliveries/{deliveryId}", c_delivery_get, ON(ACCESS_MEMBER, OBJ_DELIVERY, FROM_PATH, "deliveryId", 0)),
    CONTROL("POST", "/_plaza/deliveries/{deliveryId}/redeliver", c_delivery_redeliver, ON(ACCESS_MANAGER, OBJ_DELIVERY, FROM_PATH, "deliveryId", 0)),
    CONTROL("GET", "/_plaza/deauthorizations", c_deauthorizations_list, ON(ACCESS_MEMBER, OBJ_APP, FROM_QUERY, "app_id", 0)),
    CONTROL("GET", "/_plaza/installs", c_installs_list, ON(ACCESS_MANAGER, OBJ_APP, FROM_QUERY, "app_id", 0)),
    CONTROL("DELETE", "/_plaza/installs/{installId}", c_install_delete, ON(ACCESS_SELF, OBJ_INSTALL, FROM_PATH, "installId", 0)),
    CONTROL("GET", "/_plaza/ca", c_ca_get, SIGNED_IN),
    CONTROL("GET", "/_plaza/ca.pem", c_ca_pem, SIGNED_IN),
    CONTROL("GET", "/_plaza/clock", c_clock_get, SIGNED_IN),
    CONTROL("POST", "/_plaza/clock", c_clock_post, OPERATOR),
    /* chatbot messages and profile pictures (docs/control-api.md) */
    CONTROL("POST", "/_plaza/chat/messages", c_chat_send, ON(ACCESS_SELF, OBJ_USER, FROM_BODY, "user", 0)),
    CONTROL("GET", "/_plaza/chat/messages", c_chat_list, ON(ACCESS_MEMBER, OBJ_APP, FROM_QUERY, "app", 0)),
    {"PUT", "/_plaza/users/{userId}/picture", SURFACE_CONTROL, c_user_picture_put, ROUTE_ADMIN, NULL, NULL,
     MEDIA_PICTURE_MAX_BYTES + 1, USER(ACCESS_SELF)},
    CONTROL("DELETE", "/_plaza/users/{userId}/picture", c_user_picture_delete, USER(ACCESS_SELF)),

    /* a meeting's join_url (/w/ for webinars): a page to join it as a guest */
    PAGE("GET", "/j/{meetingId}", h_join_page),
    PAGE("POST", "/j/{meetingId}", h_join_submit),
    PAGE("GET", "/w/{meetingId}", h_join_page),
    PAGE("POST", "/w/{meetingId}", h_join_submit),
    /* its start_url: the host starts it with the link's ZAK */
    PAGE("GET", "/s/{meetingId}", h_start_page),
    PAGE("POST", "/s/{meetingId}", h_start_submit),

    /* profile pictures at their pic_url, without a token (Zoom serves them from its CDN) */
    PLAIN("GET", "/p/{userId}/{file}", h_picture_get),

    /* cloud recording files at their download_url: the handler checks the OAuth token or download_token */
    PLAIN("GET", "/rec/download/{fileId}", h_rec_download),
    PLAIN("GET", "/rec/webhook_download/{fileId}", h_rec_download),
    /* the recording's share_url and each file's play_url: pages with players, behind the passcode */
    PAGE("GET", "/rec/share/{shareToken}", h_rec_share_page),
    PAGE("POST", "/rec/share/{shareToken}", h_rec_share_submit),
    PAGE("GET", "/rec/play/{fileId}", h_rec_play_page),
    PAGE("POST", "/rec/play/{fileId}", h_rec_play_submit),

    /* the web portal: a page shell and its static files (web/), served with a strict CSP */
    PLAIN("GET", "/marketplace", h_portal_index),
    PLAIN("GET", "/marketplace/", h_portal_index),
    PLAIN("GET", "/marketplace/assets/{file}", h_portal_asset),
    PLAIN("GET", "/marketplace/assets/{dir}/{file}", h_portal_asset_nested),

    PLAIN("GET", "/healthz", h_healthz),
    PLAIN("GET", "/metrics", h_metrics),
};

const size_t routes_count = sizeof routes / sizeof routes[0];
