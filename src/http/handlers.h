/* Handlers of the Zoom surfaces and plain endpoints (the route table's rows). */
#ifndef PLAZA_HANDLERS_H
#define PLAZA_HANDLERS_H

#include "http/http.h"

/* the web portal's shell and static files, embedded from web/ (h_portal.c) */
int h_portal_index(struct http_req *r);
int h_portal_asset(struct http_req *r);
int h_portal_asset_nested(struct http_req *r);

/* /oauth (h_oauth.c) */
int h_oauth_authorize(struct http_req *r);
int h_oauth_signin(struct http_req *r);
int h_oauth_consent(struct http_req *r);
int h_oauth_token(struct http_req *r);
int h_oauth_revoke(struct http_req *r);
int h_oauth_compliance(struct http_req *r);

/* /v2 users (h_v2_users.c) */
int h_v2_users_list(struct http_req *r);
int h_v2_user_get(struct http_req *r);
int h_v2_user_patch(struct http_req *r);
int h_v2_user_settings_get(struct http_req *r);
int h_v2_user_settings_patch(struct http_req *r);
int h_v2_assistants_list(struct http_req *r);
int h_v2_assistants_create(struct http_req *r);
int h_v2_assistants_delete_all(struct http_req *r);
int h_v2_assistant_delete(struct http_req *r);
int h_v2_user_token_get(struct http_req *r);
int h_v2_user_token_delete(struct http_req *r);

/* /v2 profile pictures and the pictures' URLs (h_v2_pictures.c) */
int h_v2_user_picture_upload(struct http_req *r);
int h_v2_user_picture_delete(struct http_req *r);
int h_picture_get(struct http_req *r);
int h_rec_download(struct http_req *r);
int h_rec_share_page(struct http_req *r);
int h_rec_share_submit(struct http_req *r);
int h_rec_play_page(struct http_req *r);
int h_rec_play_submit(struct http_req *r);
/* h_join.c: the page a meeting's join_url opens, and joining from it */
int h_join_page(struct http_req *r);
int h_join_submit(struct http_req *r);
int h_start_page(struct http_req *r);
int h_start_submit(struct http_req *r);

/* /v2 chatbot messages (h_v2_chat.c) */
int h_v2_chat_message_send(struct http_req *r);

/* /v2 meetings and webinars (h_v2_meetings.c) */
int h_v2_meetings_create(struct http_req *r);
int h_v2_meetings_list(struct http_req *r);
int h_v2_meeting_invitation(struct http_req *r);
int h_v2_meeting_get(struct http_req *r);
int h_v2_meeting_patch(struct http_req *r);
int h_v2_meeting_delete(struct http_req *r);
int h_v2_meeting_status(struct http_req *r);
int h_v2_webinars_create(struct http_req *r);
int h_v2_webinars_list(struct http_req *r);
int h_v2_webinar_get(struct http_req *r);
int h_v2_webinar_patch(struct http_req *r);
int h_v2_webinar_delete(struct http_req *r);
int h_v2_webinar_status(struct http_req *r);

/* /v2 registrants and panelists (h_v2_registrants.c) */
int h_v2_meeting_registrants_create(struct http_req *r);
int h_v2_meeting_registrants_list(struct http_req *r);
int h_v2_meeting_registrants_status(struct http_req *r);
int h_v2_webinar_registrants_create(struct http_req *r);
int h_v2_webinar_registrants_list(struct http_req *r);
int h_v2_webinar_registrants_status(struct http_req *r);
int h_v2_panelists_list(struct http_req *r);
int h_v2_panelists_create(struct http_req *r);
int h_v2_panelists_delete_all(struct http_req *r);
int h_v2_panelist_delete(struct http_req *r);

/* /v2 cloud recordings (h_v2_recordings.c) */
int h_v2_recordings_list(struct http_req *r);
int h_v2_account_recordings_list(struct http_req *r);
int h_v2_recording_get(struct http_req *r);
int h_v2_recording_delete(struct http_req *r);
int h_v2_recording_file_delete(struct http_req *r);

/* /v2 past meetings and webinars, and their reports (h_v2_past.c) */
int h_v2_past_meeting_get(struct http_req *r);
int h_v2_past_meeting_instances(struct http_req *r);
int h_v2_past_meeting_participants(struct http_req *r);
int h_v2_past_webinar_instances(struct http_req *r);
int h_v2_past_webinar_participants(struct http_req *r);
int h_v2_report_meeting_get(struct http_req *r);
int h_v2_report_meeting_participants(struct http_req *r);
int h_v2_report_webinar_get(struct http_req *r);
int h_v2_report_webinar_participants(struct http_req *r);

/* /healthz, /metrics (h_plain.c) */
int h_healthz(struct http_req *r);
int h_metrics(struct http_req *r);

/* Answers 400/4711 listing the scopes that would have worked (zoom-wire §2.2);
 * with admin_only, only the account-level ones. */
void v2_send_missing_scopes(struct http_req *r, const char *const *accepted, int admin_only);

#endif
