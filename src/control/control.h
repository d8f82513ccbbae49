/* /_plaza: plaza's own JSON control API (accounts, users, apps, consent,
 * clock). Thin handlers: parse JSON into the domain's structs, call one
 * domain function, render JSON; errors are application/problem+json. */
#ifndef PLAZA_CONTROL_H
#define PLAZA_CONTROL_H

#include "http/http.h"

/* c_session.c: signed-in people, their access tokens, operators */
int c_session_create(struct http_req *r);
int c_session_get(struct http_req *r);
int c_session_delete(struct http_req *r);
int c_tokens_create(struct http_req *r);
int c_tokens_list(struct http_req *r);
int c_token_delete(struct http_req *r);
int c_operators_list(struct http_req *r);
int c_operator_put(struct http_req *r);
int c_operator_delete(struct http_req *r);

int c_accounts_create(struct http_req *r);
int c_accounts_list(struct http_req *r);
int c_account_get(struct http_req *r);
int c_account_delete(struct http_req *r);
int c_users_create(struct http_req *r);
int c_users_list(struct http_req *r);
int c_user_get(struct http_req *r);

int c_apps_create(struct http_req *r);
int c_apps_list(struct http_req *r);
int c_app_get(struct http_req *r);
int c_app_patch(struct http_req *r);
int c_app_delete(struct http_req *r);
int c_app_rotate_secret(struct http_req *r);

int c_scopes_list(struct http_req *r); /* control/c_scopes.c */

int c_oauth_consent(struct http_req *r);

int c_meeting_state(struct http_req *r);
int c_sdk_join(struct http_req *r); /* POST /_plaza/sdk/join (c_sdk.c) */
int c_meeting_start(struct http_req *r);
int c_meeting_join(struct http_req *r);
int c_meeting_leave(struct http_req *r);
int c_meeting_say(struct http_req *r);
int c_meeting_audio(struct http_req *r);
int c_meeting_scenario(struct http_req *r);
int c_meeting_chat(struct http_req *r);
int c_meeting_end(struct http_req *r);

int c_faults_create(struct http_req *r);
int c_faults_list(struct http_req *r);
int c_fault_delete(struct http_req *r);
int c_faults_clear(struct http_req *r);
int c_account_patch(struct http_req *r);

/* chat.c: chatbot messages and users' profile pictures */
int c_chat_send(struct http_req *r);
int c_chat_list(struct http_req *r);
int c_user_picture_put(struct http_req *r);
int c_user_picture_delete(struct http_req *r);

/* webhooks.c */
int c_subscriptions_create(struct http_req *r);
int c_subscriptions_list(struct http_req *r);
int c_subscription_get(struct http_req *r);
int c_subscription_patch(struct http_req *r);
int c_subscription_delete(struct http_req *r);
int c_subscription_validate(struct http_req *r);
int c_deliveries_list(struct http_req *r);
int c_delivery_get(struct http_req *r);
int c_mailbox_list(struct http_req *r);
int c_mailbox_get(struct http_req *r);
int c_delivery_redeliver(struct http_req *r);
int c_deliveries_stream(struct http_req *r); /* text/event-stream of the app's deliveries */
int c_deauthorizations_list(struct http_req *r);
int c_install_delete(struct http_req *r);
int c_installs_list(struct http_req *r);
int c_account_installs(struct http_req *r);

int c_clock_get(struct http_req *r);
int c_ca_get(struct http_req *r);
int c_ca_pem(struct http_req *r);
int c_clock_post(struct http_req *r);

/* the Marketplace lifecycle (market_review.c, market_sections.c, market_media.c, market_sharing.c) */
int c_market_checklist(struct http_req *r);
int c_market_submit(struct http_req *r);
int c_market_withdraw(struct http_req *r);
int c_market_review(struct http_req *r);
int c_market_publish(struct http_req *r);
int c_market_history(struct http_req *r);
int c_market_versions(struct http_req *r);
int c_market_reviewers_list(struct http_req *r);
int c_market_reviewer_put(struct http_req *r);
int c_market_reviewer_delete(struct http_req *r);
int c_market_sections_get(struct http_req *r);
int c_market_sections_patch(struct http_req *r);
int c_market_production_put(struct http_req *r);
int c_market_link_create(struct http_req *r);
int c_market_link_get(struct http_req *r);
int c_market_domains_list(struct http_req *r);
int c_market_domains_verify(struct http_req *r);
int c_market_media_upload(struct http_req *r);
int c_market_media_list(struct http_req *r);
int c_market_media_get(struct http_req *r);
/* the public directory of published apps (c_directory.c): no authentication */
int c_directory_list(struct http_req *r);
int c_directory_get(struct http_req *r);
int c_directory_media(struct http_req *r);
int c_market_media_delete(struct http_req *r);
int c_market_media_replace(struct http_req *r);
int c_market_permissions_list(struct http_req *r); /* market_permissions.c */
int c_market_tab_get(struct http_req *r);          /* market_tabs.c */
int c_market_tab_patch(struct http_req *r);
int c_market_permission_put(struct http_req *r);
int c_market_permission_delete(struct http_req *r);
int c_market_share_create(struct http_req *r);
int c_market_share_list(struct http_req *r);
int c_market_share_queue(struct http_req *r);
int c_market_share_decide(struct http_req *r);
int c_market_settings_get(struct http_req *r);
int c_market_settings_patch(struct http_req *r);
int c_market_policy_get(struct http_req *r);
int c_market_policy_patch(struct http_req *r);
int c_market_preapproval_put(struct http_req *r);
int c_market_preapproval_delete(struct http_req *r);
int c_market_installs(struct http_req *r);
int c_market_uninstall(struct http_req *r);

#endif
