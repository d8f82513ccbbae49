/* The client's command table, one row per control-API route: the words, the
 * flags and the JSON member each one fills, the route, and how the answer is
 * shown. Most rows run the generic route call; the few that need a default,
 * a decision or a duration have their own small runner below. */
#include "cli/cli_internal.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define PAGING {"page-size", CLI_QUERY, "page_size", 0}, {"next-page-token", CLI_QUERY, "next_page_token", 0}
#define END {NULL, 0, NULL, 0}

static const struct cli_flag login_flags[] = {{"name", CLI_STR, NULL, 0}, END};
static const struct cli_flag accounts_create_flags[] = {
    {"name", CLI_STR, "name", 1},
    {"plan", CLI_STR, "plan", 0},
    {"owner-email", CLI_STR, "owner.email", 1},
    {"owner-first-name", CLI_STR, "owner.first_name", 0},
    {"owner-last-name", CLI_STR, "owner.last_name", 0},
    {"owner-password", CLI_STR, "owner.password", 0},
    END,
};
static const struct cli_flag users_create_flags[] = {
    {"email", CLI_STR, "email", 1},        {"first-name", CLI_STR, "first_name", 0},
    {"last-name", CLI_STR, "last_name", 0}, {"role", CLI_STR, "role", 0},
    {"type", CLI_STR, "type", 0},          {"password", CLI_STR, "password", 0},
    {"timezone", CLI_STR, "timezone", 0},  {"language", CLI_STR, "language", 0},
    END,
};
#define APP_FLAGS                                                                                                      \
    {"management", CLI_STR, "management", 0}, {"redirect-url", CLI_STR, "redirect_url", 0},                            \
        {"allow-list", CLI_LIST, "allow_list", 0}, {"scope", CLI_LIST, "scopes", 0},                                   \
        {"scope-description", CLI_LIST, NULL, 0},                                                                      \
        {"strict-mode", CLI_BOOL, "strict_mode", 0}, {"subdomain-check", CLI_BOOL, "subdomain_check", 0}
static const struct cli_flag apps_create_flags[] = {
    {"account", CLI_STR, "account_id", 1}, {"name", CLI_STR, "name", 1}, {"type", CLI_STR, "type", 1}, APP_FLAGS, END,
};
static const struct cli_flag apps_update_flags[] = {{"name", CLI_STR, "name", 0}, APP_FLAGS, END};
static const struct cli_flag apps_list_flags[] = {
    {"account", CLI_QUERY, "account_id", 0}, {"status", CLI_QUERY, "status", 0}, PAGING, END};
static const struct cli_flag paging_flags[] = {PAGING, END};
static const struct cli_flag consent_flags[] = {
    {"user", CLI_STR, "user", 1},
    {"authorize-url", CLI_STR, "authorize_url", 1},
    {"deny", CLI_SWITCH, NULL, 0},
    END,
};

static const struct cli_flag account_update_flags[] = {
    {"name", CLI_STR, "name", 0}, {"plan", CLI_STR, "plan", 0}, {"rate-limits", CLI_STR, "rate_limits", 0}, END};
#define SUBSCRIPTION_FLAGS                                                                                             \
    {"endpoint", CLI_STR, "url", 0}, {"event", CLI_LIST, "events", 0}, {"env", CLI_STR, "env", 0},                          \
        {"name", CLI_STR, "name", 0}, {"secret-token", CLI_STR, "secret_token", 0},                                    \
        {"verification-token", CLI_STR, "verification_token", 0}
static const struct cli_flag subscription_flags[] = {SUBSCRIPTION_FLAGS, END};
static const struct cli_flag deliveries_flags[] = {{"app", CLI_QUERY, "app_id", 0},
                                                   {"event", CLI_QUERY, "event", 0},
                                                   {"status", CLI_QUERY, "status", 0},
                                                   {"subscription", CLI_QUERY, "subscription_id", 0},
                                                   PAGING,
                                                   END};
static const struct cli_flag tail_flags[] = {{"app", CLI_QUERY, "app_id", 0}, {"event", CLI_QUERY, "event", 0}, END};
static const struct cli_flag deauth_flags[] = {{"app", CLI_QUERY, "app_id", 0}, {"status", CLI_QUERY, "status", 0},
                                               END};
static const struct cli_flag installs_flags[] = {{"app", CLI_QUERY, "app_id", 0},
                                                 {"account", CLI_QUERY, "account_id", 0},
                                                 {"user", CLI_QUERY, "user_id", 0},
                                                 END};
static const struct cli_flag mailbox_flags[] = {{"user", CLI_QUERY, "user", 0}, {"app", CLI_QUERY, "app", 0}, PAGING,
                                                END};
static const struct cli_flag line_flags[] = {
    {"participant", CLI_STR, "participant_id", 1},
    {"text", CLI_STR, "text", 1},
    END,
};
static const struct cli_flag join_flags[] = {
    {"name", CLI_STR, "name", 1}, {"email", CLI_STR, "email", 0}, {"role", CLI_STR, "role", 0}, END};
static const struct cli_flag end_flags[] = {{"record", CLI_BOOL, "record", 0}, END};
static const struct cli_flag scenario_flags[] = {{"at", CLI_STR, NULL, 0}, END}; /* read by cli_run_scenario */
static const struct cli_flag sdk_join_flags[] = {
    {"signature", CLI_STR, "signature", 1}, {"meeting", CLI_STR, "meeting_number", 1},
    {"name", CLI_STR, "display_name", 1},   {"password", CLI_STR, "password", 0},
    {"email", CLI_STR, "email", 0},         {"zak", CLI_STR, "zak", 0},
    END};
static const struct cli_flag fault_flags[] = {
    {"path", CLI_STR, "path", 1},          {"status", CLI_INT, "status", 0},
    {"code", CLI_INT, "code", 0},          {"message", CLI_STR, "message", 0},
    {"delay-ms", CLI_INT, "delay_ms", 0},  {"count", CLI_INT, "count", 0},
    {"account", CLI_STR, "account_id", 0}, {"method", CLI_STR, "method", 0},
    {"ttl-seconds", CLI_INT, "ttl_seconds", 0}, END,
};

static const struct cli_column account_columns[] = {
    {"ID", "id"}, {"NAME", "name"}, {"PLAN", "plan"}, {"CREATED", "created_at"}, {NULL, NULL}};
static const struct cli_column user_columns[] = {{"ID", "id"},     {"EMAIL", "email"},   {"NAME", "display_name"},
                                                 {"ROLE", "role"}, {"TYPE", "type"},     {"STATUS", "status"},
                                                 {NULL, NULL}};
static const struct cli_column app_columns[] = {{"ID", "id"},
                                                {"NAME", "name"},
                                                {"TYPE", "type"},
                                                {"MANAGEMENT", "management"},
                                                {"STATUS", "status"},
                                                {"ACCOUNT", "account_id"},
                                                {NULL, NULL}};
static const struct cli_column subscription_columns[] = {{"ID", "id"},   {"STATE", "state"}, {"ENV", "env"},
                                                         {"URL", "url"}, {"NAME", "name"},   {NULL, NULL}};
static const struct cli_column delivery_columns[] = {{"ID", "id"},          {"EVENT", "event"},
                                                     {"STATUS", "status"},  {"ATTEMPTS", "attempts"},
                                                     {"NEXT", "next_attempt_at"}, {"URL", "url"},
                                                     {NULL, NULL}};
static const struct cli_column deauth_columns[] = {{"ID", "id"},           {"STATUS", "status"},
                                                   {"USER", "user_id"},    {"APP", "app_id"},
                                                   {"AT", "deauthorized_at"}, {"DUE", "compliance_due_at"},
                                                   {NULL, NULL}};
static const struct cli_column install_columns[] = {{"ID", "id"},        {"STATUS", "status"}, {"APP", "app_id"},
                                                    {"ACCOUNT", "account_id"}, {"USER", "installed_by"},
                                                    {"ENV", "env"},      {NULL, NULL}};
static const struct cli_column fault_columns[] = {{"ID", "id"},         {"PATH", "path"},   {"STATUS", "status"},
                                                  {"DELAY", "delay_ms"}, {"LEFT", "count"}, {"HITS", "hits"},
                                                  {NULL, NULL}};
static const struct cli_column participant_columns[] = {
    {"ID", "id"}, {"NAME", "name"}, {"EMAIL", "email"}, {"JOINED", "joined_at"}, {"LEFT", "left_at"}, {NULL, NULL}};
static const struct cli_table subscriptions_table = {"event_subscriptions", "No event subscriptions.",
                                                     subscription_columns};
static const struct cli_table deliveries_table = {"deliveries", "No deliveries.", delivery_columns};
static const struct cli_table deauth_table = {"deauthorizations", "No deauthorizations.", deauth_columns};
static const struct cli_column mail_columns[] = {{"ID", "id"},          {"KIND", "kind"},
                                                 {"TO", "to_email"},    {"SUBJECT", "subject"},
                                                 {"SMTP", "smtp_status"}, {"CREATED", "created_at"},
                                                 {NULL, NULL}};
static const struct cli_table mailbox_table = {"mail", "No mail.", mail_columns};
static const struct cli_table installs_table = {"installs", "No installs.", install_columns};
static const struct cli_table faults_table = {"faults", "No fault rules.", fault_columns};
static const struct cli_table participants_table = {"participants", "No participants.", participant_columns};
static const struct cli_table accounts_table = {"accounts", "No accounts.", account_columns};
static const struct cli_table users_table = {"users", "No users.", user_columns};
static const struct cli_table apps_table = {"apps", "No apps.", app_columns};
static const struct cli_flag scopes_flags[] = {
    {"level", CLI_QUERY, "level", 0}, {"kind", CLI_QUERY, "kind", 0}, PAGING, END};
static const struct cli_column scope_columns[] = {
    {"SCOPE", "scope"}, {"LEVEL", "level"}, {"KIND", "kind"}, {"DESCRIPTION", "description"}, {NULL, NULL}};
static const struct cli_table scopes_table = {"scopes", "No scopes match.", scope_columns};

#define ROUTE cli_run_route
#define OBJECT cli_render_object, NULL

/* the Marketplace lifecycle: plaza app ..., plaza review ..., plaza share ... */
static const struct cli_flag market_actor_flags[] = {{"actor", CLI_STR, "actor", 0}, {"notes", CLI_STR, "notes", 0},
                                                     END};
static const struct cli_flag market_sections_flags[] = {{"set", CLI_LIST, NULL, 1}, END};
static const struct cli_flag market_production_flags[] = {
    {"redirect-url", CLI_STR, "redirect_url", 0}, {"allow-list", CLI_LIST, "allow_list", 0}, END};
static const struct cli_flag market_upload_flags[] = {{"filename", CLI_STR, NULL, 0}, END};
static const struct cli_flag market_verify_flags[] = {{"domain", CLI_STR, "domain", 0},
                                                      {"manual", CLI_BOOL, "manual", 0}, END};
static const struct cli_flag market_uninstall_flags[] = {
    {"user", CLI_STR, "user", 1}, {"environment", CLI_STR, "environment", 0}, END};
static const struct cli_flag market_policy_flags[] = {
    {"require-preapproval", CLI_BOOL, "require_preapproval", 1}, {"actor", CLI_STR, "actor", 0}, END};
static const struct cli_flag market_only_actor_flags[] = {{"actor", CLI_STR, "actor", 0}, END};
static const struct cli_flag market_actor_query_flags[] = {{"actor", CLI_QUERY, "actor", 0}, END};
static const struct cli_flag market_review_flags[] = {
    {"notes", CLI_STR, "notes", 0}, {"reviewer", CLI_STR, "reviewer", 0}, {"section", CLI_LIST, NULL, 0}, END};
static const struct cli_flag market_share_flags[] = {
    {"will-publish", CLI_BOOL, "will_publish", 1}, {"customers", CLI_STR, "customers", 1},
    {"customer-type", CLI_STR, "customer_type", 1}, {"days", CLI_STR, "duration_days", 1},
    {"reason", CLI_STR, "reason", 1}, {"actor", CLI_STR, "actor", 0}, END};
static const struct cli_flag market_decision_flags[] = {{"days", CLI_STR, "days", 0}, {"notes", CLI_STR, "notes", 0},
                                                        END};
static const struct cli_flag market_queue_flags[] = {{"status", CLI_QUERY, "status", 0}, END};
static const struct cli_flag market_settings_flags[] = {
    {"accept-requests", CLI_BOOL, "accept_share_requests", 0}, {"days", CLI_STR, "share_days", 0}, END};
static const struct cli_column market_media_columns[] = {
    {"ID", "id"}, {"KIND", "kind"}, {"FILE", "filename"}, {"TYPE", "content_type"}, {"SIZE", "size"}, {NULL, NULL}};
static const struct cli_column market_install_columns[] = {
    {"ID", "id"}, {"ENV", "environment"}, {"ACCOUNT", "account_id"}, {"USER", "user_id"}, {"VIA", "via"},
    {"VERSION", "version"}, {"ACTIVE", "active"}, {"REAUTHORIZE", "reauthorization_required"}, {NULL, NULL}};
static const struct cli_column market_share_columns[] = {
    {"ID", "id"}, {"APP", "app_id"}, {"STATUS", "status"}, {"CUSTOMERS", "customers"}, {"TYPE", "customer_type"},
    {"EXPIRES", "expires_at"}, {NULL, NULL}};
static const struct cli_column market_version_columns[] = {
    {"VERSION", "version"}, {"STATUS", "status"}, {"LIVE", "live"}, {"SUBMITTED", "submitted_at"},
    {"PUBLISHED", "published_at"}, {NULL, NULL}};
static const struct cli_column market_domain_columns[] = {
    {"ORIGIN", "origin"}, {"USED BY", "used_by"}, {"VERIFIED", "verified"}, {"ERROR", "last_error"}, {NULL, NULL}};
static const struct cli_table market_media_table = {"media", "No media.", market_media_columns};
static const struct cli_table market_installs_table = {"installs", "No installs.", market_install_columns};
static const struct cli_table market_shares_table = {"share_requests", "No sharing requests.", market_share_columns};
static const struct cli_table market_versions_table = {"versions", "No versions.", market_version_columns};
static const struct cli_table market_domains_table = {"domains", "No domains.", market_domain_columns};

/* chatbot conversations and profile pictures */
static const struct cli_flag chat_send_flags[] = {{"app", CLI_STR, "app_id", 1}, {"user", CLI_STR, "user", 1},
                                                  {"text", CLI_STR, "text", 1}, {"env", CLI_STR, "env", 0}, END};
static const struct cli_flag chat_list_flags[] = {{"app", CLI_QUERY, "app", 1}, {"user", CLI_QUERY, "user", 0}, PAGING,
                                                  END};
static const struct cli_column chat_columns[] = {{"SENT", "sent_at"}, {"DIRECTION", "direction"}, {"USER", "user_id"},
                                                 {"TEXT", "text"}, {NULL, NULL}};
static const struct cli_table chat_table = {"messages", "No messages.", chat_columns};

const struct cli_command cli_commands[] = {
    {"account", "create",
     "--name N [--plan free|pro|business|business_plus|enterprise] --owner-email E [--owner-first-name F] [--owner-last-name L] "
     "[--owner-password P]",
     "create an account and its owner", "POST", "/_plaza/accounts", accounts_create_flags, 0, 0, ROUTE, OBJECT},
    {"account", "list", "[--page-size N] [--next-page-token T]", "list accounts", "GET", "/_plaza/accounts",
     paging_flags, 0, 0, ROUTE, cli_render_table, &accounts_table},
    {"account", "get", "ID", "show an account and its owner", "GET", "/_plaza/accounts/{}", NULL, 1, 1, ROUTE,
     OBJECT},
    {"account", "delete", "ID", "delete an account with everything in it", "DELETE", "/_plaza/accounts/{}", NULL, 1,
     1, ROUTE, cli_render_deleted, "account"},

    {"user", "create",
     "ACCOUNT_ID --email E [--first-name F] [--last-name L] [--role admin|member] [--type basic|licensed] "
     "[--password P] [--timezone TZ] [--language L]",
     "add a user to an account", "POST", "/_plaza/accounts/{}/users", users_create_flags, 1, 1, ROUTE, OBJECT},
    {"user", "list", "ACCOUNT_ID [--page-size N] [--next-page-token T]", "list an account's users", "GET",
     "/_plaza/accounts/{}/users", paging_flags, 1, 1, ROUTE, cli_render_table, &users_table},
    {"user", "get", "ID_OR_EMAIL", "show a user", "GET", "/_plaza/users/{}", NULL, 1, 1, ROUTE, OBJECT},
    {"user", "picture", "ID FILE", "set a user's profile picture (JPG/JPEG or PNG, at most 2 MB); prints its pic_url",
     "PUT", "/_plaza/users/{}/picture", NULL, 2, 2, cli_run_user_picture, cli_render_field, "pic_url"},
    {"chat", "send", "--app APP_ID --user ID_OR_EMAIL --text T [--env development|production]",
     "a user writes to a chatbot app (it receives bot_notification)", "POST", "/_plaza/chat/messages",
     chat_send_flags, 0, 0, ROUTE, OBJECT},
    {"chat", "list", "--app APP_ID [--user ID_OR_EMAIL] [--page-size N] [--next-page-token T]",
     "the messages between a chatbot and users, both ways, oldest first", "GET", "/_plaza/chat/messages",
     chat_list_flags, 0, 0, ROUTE, cli_render_table, &chat_table},

    {"app", "create",
     "--account ID --name N --type oauth|s2s|webhook|chatbot [--management user|admin] [--redirect-url U] "
     "[--allow-list URL]... [--scope S]... [--scope-description S=WHY]... [--strict-mode true|false] "
     "[--subdomain-check true|false]",
     "register an app; prints its client secret once", "POST", "/_plaza/apps", apps_create_flags, 0, 0,
     cli_run_app_scopes,
     cli_render_secret, NULL},
    {"app", "list", "[--account ID] [--status draft|submitted|in_review|approved|published|rejected|withdrawn] [--page-size N] "
     "[--next-page-token T]",
     "list apps (the review queue: --status submitted)", "GET", "/_plaza/apps",
     apps_list_flags, 0, 0, ROUTE, cli_render_table, &apps_table},
    {"app", "get", "ID", "show an app with its URLs, scopes and client ids", "GET", "/_plaza/apps/{}", NULL, 1, 1,
     ROUTE, OBJECT},
    {"app", "update",
     "ID [--name N] [--management user|admin] [--redirect-url U] [--allow-list URL]... [--scope S]... "
     "[--scope-description S=WHY]... [--strict-mode true|false] [--subdomain-check true|false]",
     "change an app; --allow-list and --scope replace the lists ('' empties one); --scope-description alone "
     "keeps the scopes",
     "PATCH", "/_plaza/apps/{}", apps_update_flags, 1, 1, cli_run_app_scopes, OBJECT},
    {"app", "delete", "ID", "delete an app", "DELETE", "/_plaza/apps/{}", NULL, 1, 1, ROUTE, cli_render_deleted,
     "app"},
    {"app", "rotate-secret", "ID [development|production]",
     "make a new client secret (default: development); prints it once", "POST",
     "/_plaza/apps/{}/credentials/{}/secret", NULL, 1, 2, cli_run_rotate_secret, cli_render_secret, NULL},

    {"scope", "list", "[SEARCH] [--level user|admin] [--kind classic|granular] [--page-size N] [--next-page-token T]",
     "the scopes plaza knows (the guide's and Zoom's OpenAPI files'), with level and description", "GET",
     "/_plaza/scopes", scopes_flags, 0, 1, cli_run_scopes, cli_render_table, &scopes_table},

    {"consent", NULL, "--user ID_OR_EMAIL --authorize-url URL [--deny]",
     "approve (or deny) an authorize URL as the user would; prints where the browser goes", "POST",
     "/_plaza/oauth/consent", consent_flags, 0, 0, cli_run_consent, cli_render_field, "redirect_to"},

    {"account", "update", "ID [--name N] [--plan free|pro|business|business_plus|enterprise] [--rate-limits zoom|off]",
     "change an account's name, plan or rate-limit setting", "PATCH", "/_plaza/accounts/{}", account_update_flags, 1,
     1, ROUTE, OBJECT},

    {"subscription", "create", "APP_ID --endpoint URL --event E... [--env development|production] [--name N] [--secret-token T]",
     "subscribe an endpoint to events (it must answer endpoint.url_validation)", "POST",
     "/_plaza/apps/{}/event_subscriptions", subscription_flags, 1, 1, ROUTE, OBJECT},
    {"subscription", "list", "APP_ID", "list an app's event subscriptions", "GET",
     "/_plaza/apps/{}/event_subscriptions", NULL, 1, 1, ROUTE, cli_render_table, &subscriptions_table},
    {"subscription", "get", "APP_ID ID", "show a subscription with its tokens", "GET",
     "/_plaza/apps/{}/event_subscriptions/{}", NULL, 2, 2, ROUTE, OBJECT},
    {"subscription", "update", "APP_ID ID [--endpoint URL] [--event E...] [--name N] [--secret-token T]",
     "change a subscription (a new URL or secret is validated again)", "PATCH",
     "/_plaza/apps/{}/event_subscriptions/{}", subscription_flags, 2, 2, ROUTE, OBJECT},
    {"subscription", "validate", "APP_ID ID", "send endpoint.url_validation again", "POST",
     "/_plaza/apps/{}/event_subscriptions/{}/validate", NULL, 2, 2, ROUTE, cli_render_field, "status"},
    {"subscription", "delete", "APP_ID ID", "delete a subscription; prints what it was", "DELETE",
     "/_plaza/apps/{}/event_subscriptions/{}", NULL, 2, 2, cli_run_delete_shown, cli_render_deleted, "subscription"},

    {"delivery", "list", "[--app ID] [--event E] [--status pending|sending|retrying|delivered|failed] [--subscription ID]",
     "list webhook deliveries (oldest first)", "GET", "/_plaza/deliveries", deliveries_flags, 0, 0, ROUTE,
     cli_render_table, &deliveries_table},
    {"delivery", "get", "ID", "show a delivery: the request sent and every attempt", "GET",
     "/_plaza/deliveries/{}", NULL, 1, 1, ROUTE, OBJECT},
    {"delivery", "redeliver", "ID", "send a delivery's event again", "POST", "/_plaza/deliveries/{}/redeliver",
     NULL, 1, 1, ROUTE, OBJECT},
    {"delivery", "tail", "[--app ID] [--event E]", "follow deliveries as they happen (Ctrl-C stops)", "GET",
     "/_plaza/deliveries", tail_flags, 0, 0, cli_run_tail, NULL, NULL},

    {"mailbox", NULL, "[--user ID_OR_EMAIL] [--app ID]", "list the Marketplace's notifications (newest first)",
     "GET", "/_plaza/mailbox", mailbox_flags, 0, 0, ROUTE, cli_render_table, &mailbox_table},
    {"mailbox", "get", "ID", "show one notification: recipient, subject, body, SMTP status", "GET",
     "/_plaza/mailbox/{}", NULL, 1, 1, ROUTE, OBJECT},

    {"deauthorization", "list", "[--app ID] [--status open|overdue|completed]",
     "list deauthorizations and whether compliance came", "GET", "/_plaza/deauthorizations", deauth_flags, 0, 0,
     ROUTE, cli_render_table, &deauth_table},
    {"install", "list", "[--app ID] [--account ID] [--user ID]", "list installs of apps", "GET", "/_plaza/installs",
     installs_flags, 0, 0, ROUTE, cli_render_table, &installs_table},
    {"install", "remove", "ID", "remove an app for a user or account (sends app_deauthorized)", "DELETE",
     "/_plaza/installs/{}", NULL, 1, 1, ROUTE, cli_render_deleted, "install"},

    {"meeting", "show", "ID", "a simulated meeting's state and participants", "GET", "/_plaza/meetings/{}", NULL, 1,
     1, ROUTE, cli_render_table, &participants_table},
    {"meeting", "start", "ID", "start a meeting or webinar (meeting.started)", "POST", "/_plaza/meetings/{}/start",
     NULL, 1, 1, ROUTE, OBJECT},
    {"meeting", "join", "ID --name N [--email E] [--role attendee|panelist|host]",
     "a participant joins (meeting.participant_joined; webinar.participant_joined)", "POST",
     "/_plaza/meetings/{}/participants", join_flags, 1, 1, ROUTE, OBJECT},
    {"meeting", "leave", "ID PARTICIPANT_ID", "a participant leaves", "DELETE", "/_plaza/meetings/{}/participants/{}",
     NULL, 2, 2, ROUTE, cli_render_deleted, "participant"},
    {"meeting", "scenario", "ID FILE [--at yyyy-MM-ddTHH:mm:ssZ]",
     "replay a whole meeting from a JSON timeline on the virtual clock ({\"steps\":[{\"at\":0,\"do\":\"start\"},...]}); "
     "--at replays it in the past from that UTC time, as history: the clock stays, no webhooks",
     "POST", "/_plaza/meetings/{}/scenario", scenario_flags, 2, 2, cli_run_scenario, OBJECT},
    {"meeting", "say", "ID --participant PARTICIPANT_ID --text T",
     "a participant says something (it goes into the recording's transcript)", "POST", "/_plaza/meetings/{}/say",
     line_flags, 1, 1, ROUTE, OBJECT},
    {"meeting", "chat", "ID --participant PARTICIPANT_ID --text T",
     "a participant writes to everyone in the meeting's chat (the recording's chat file)", "POST",
     "/_plaza/meetings/{}/chat", line_flags, 1, 1, ROUTE, OBJECT},
    {"meeting", "end", "ID [--record true|false]", "end it (with a cloud recording if asked or set)", "POST",
     "/_plaza/meetings/{}/end", end_flags, 1, 1, ROUTE, OBJECT},
    {"sdk", "join", "--signature S --meeting N --name NAME [--password P] [--email E] [--zak Z]",
     "a meeting bot joins with the Meeting SDK JWT its app signed (role 1 with the host's ZAK starts it)", "POST",
     "/_plaza/sdk/join", sdk_join_flags, 0, 0, ROUTE, OBJECT},

    {"fault", "add", "--path PATTERN [--method GET|POST|PATCH|PUT|DELETE] [--status 400-599] [--code N] [--message M] "
     "[--delay-ms N] [--count N] [--account ID] [--ttl-seconds N]",
     "make matching API calls fail or slow down", "POST", "/_plaza/faults", fault_flags, 0, 0, ROUTE, OBJECT},
    {"fault", "list", "", "list fault rules", "GET", "/_plaza/faults", NULL, 0, 0, ROUTE, cli_render_table,
     &faults_table},
    {"fault", "delete", "ID", "remove a fault rule", "DELETE", "/_plaza/faults/{}", NULL, 1, 1, ROUTE,
     cli_render_deleted, "fault rule"},
    {"fault", "clear", "", "remove every fault rule", "DELETE", "/_plaza/faults", NULL, 0, 0, ROUTE,
     cli_render_deleted, "fault rules"},

    {"ca", NULL, "", "print plaza's CA certificate (PEM) and, on stderr, how to trust it", "GET", "/_plaza/ca", NULL,
     0, 0, ROUTE, cli_render_ca, NULL},
    {"login", NULL, "EMAIL [--name NAME]",
     "sign in as yourself (password from $PLAZA_PASSWORD or stdin); later commands without an admin key act as you",
     "POST", "/_plaza/tokens", login_flags, 1, 1, cli_run_login, NULL, NULL},
    {"logout", NULL, "", "revoke the token `plaza login` saved for this server, and forget it", "DELETE",
     "/_plaza/tokens", NULL, 0, 0, cli_run_logout, NULL, NULL},
    {"whoami", NULL, "", "the user the CLI acts as, and their roles", "GET", "/_plaza/session", NULL, 0, 0, ROUTE,
     OBJECT},
    {"clock", NULL, "", "show the virtual clock", "GET", "/_plaza/clock", NULL, 0, 0, ROUTE, OBJECT},
    {"clock", "advance", "SECONDS|30s|15m|2h|31d", "move the virtual clock forward", "POST", "/_plaza/clock", NULL, 1,
     1, cli_run_clock_advance, OBJECT},
    {"health", NULL, "", "check that the server answers", "GET", "/healthz", NULL, 0, 0, ROUTE, cli_render_field,
     "status"},

    {"app", "checklist", "ID", "what the app still needs before submission, section by section", "GET",
     "/_plaza/apps/{}/checklist", NULL, 1, 1, ROUTE, cli_render_checklist, NULL},
    {"app", "sections", "ID", "show the app's sections (listing, features, technical design, submission)", "GET",
     "/_plaza/apps/{}/sections", NULL, 1, 1, ROUTE, OBJECT},
    {"app", "configure", "ID --set SECTION.FIELD=VALUE...",
     "change section fields (SECTION: basic_information, app_listing, features, technical_design, submission; "
     "VALUE true/false/null/JSON or text; null removes)", "PATCH", "/_plaza/apps/{}/sections",
     market_sections_flags, 1, 1, cli_run_app_sections, OBJECT},
    {"app", "production", "ID [--redirect-url U] [--allow-list URL]...",
     "production redirect URL and allow list; credentials come with approval (plaza app production-secret)", "PUT",
     "/_plaza/apps/{}/production", market_production_flags, 1, 1, cli_run_app_body, cli_render_secret, NULL},
    {"app", "upload", "ID preview|video|architecture_diagram|secure_development_document|sast_dast_evidence|document FILE "
     "[--filename NAME]",
     "upload a file of that kind (checked by content)",
     "POST", "/_plaza/apps/{}/media/{}", market_upload_flags, 3, 3, cli_run_app_upload, OBJECT},
    {"app", "media", "ID", "list the app's uploads", "GET", "/_plaza/apps/{}/media", NULL, 1, 1, ROUTE,
     cli_render_table, &market_media_table},
    {"app", "domains", "ID", "the origins to verify and the verification code", "GET", "/_plaza/apps/{}/domains",
     NULL, 1, 1, ROUTE, OBJECT},
    {"app", "verify-domains", "ID [--domain ORIGIN] [--manual true]",
     "fetch verifyzoom.html from each origin (or mark one verified by hand); exits 1 if one is not verified", "POST",
     "/_plaza/apps/{}/domains/verify", market_verify_flags, 1, 1, cli_run_verify_domains, cli_render_table,
     &market_domains_table},
    {"app", "submit", "ID [--actor USER] [--notes N]", "submit the app for review (refused with the checklist)",
     "POST", "/_plaza/apps/{}/submit", market_actor_flags, 1, 1, ROUTE, OBJECT},
    {"app", "withdraw", "ID [--actor USER] [--notes N]", "pull the submission back to edit it", "POST",
     "/_plaza/apps/{}/withdraw", market_actor_flags, 1, 1, ROUTE, OBJECT},
    {"app", "publish", "ID [--actor USER] [--notes N]", "publish an approved app", "POST", "/_plaza/apps/{}/publish",
     market_actor_flags, 1, 1, ROUTE, OBJECT},
    {"app", "history", "ID", "every transition: who, when, notes, reasons", "GET", "/_plaza/apps/{}/history", NULL, 1,
     1, ROUTE, cli_render_history, NULL},
    {"app", "versions", "ID", "the app's versions and which one is live", "GET", "/_plaza/apps/{}/versions", NULL, 1,
     1, ROUTE, cli_render_table, &market_versions_table},
    {"app", "installs", "ID", "who installed the app, how, and who must re-authorize", "GET",
     "/_plaza/apps/{}/installs", NULL, 1, 1, ROUTE, cli_render_table, &market_installs_table},
    {"app", "uninstall", "ID --user USER [--environment development|production]", "remove the app for the user (or account, if admin)",
     "POST", "/_plaza/apps/{}/uninstall", market_uninstall_flags, 1, 1, ROUTE, OBJECT},
    {"app", "policy", "ACCOUNT_ID", "the account's pre-approval setting and pre-approved apps", "GET",
     "/_plaza/accounts/{}/app-policy", NULL, 1, 1, ROUTE, OBJECT},
    {"app", "require-preapproval", "ACCOUNT_ID --require-preapproval true|false [--actor USER]",
     "members install only pre-approved apps (or not)", "PATCH", "/_plaza/accounts/{}/app-policy",
     market_policy_flags, 1, 1, ROUTE, OBJECT},
    {"app", "preapprove", "ACCOUNT_ID APP_ID [--actor USER]", "pre-approve an app for the account", "PUT",
     "/_plaza/accounts/{}/preapproved-apps/{}", market_only_actor_flags, 2, 2, cli_run_app_body, OBJECT},
    {"app", "unpreapprove", "ACCOUNT_ID APP_ID [--actor USER]", "withdraw a pre-approval", "DELETE",
     "/_plaza/accounts/{}/preapproved-apps/{}", market_actor_query_flags, 2, 2, ROUTE, cli_render_deleted,
     "pre-approval"},

    {"review", "start", "APP_ID [--reviewer USER] [--notes N]", "take a submitted app into review", "POST",
     "/_plaza/apps/{}/review", market_review_flags, 1, 1, cli_run_review_decision, OBJECT},
    {"review", "approve", "APP_ID [--reviewer USER] [--notes N]", "approve the version under review", "POST",
     "/_plaza/apps/{}/review", market_review_flags, 1, 1, cli_run_review_decision, OBJECT},
    {"review", "reject", "APP_ID [--reviewer USER] [--notes N] [--section NAME=REASON]...",
     "reject with reasons per section (NAME: basic_information, app_listing, features, scopes, technical_design, "
     "submission)", "POST", "/_plaza/apps/{}/review", market_review_flags, 1, 1,
     cli_run_review_decision, OBJECT},
    {"review", "reviewers", "", "list users with the reviewer role", "GET", "/_plaza/reviewers", NULL, 0, 0, ROUTE,
     cli_render_table, &users_table},
    {"review", "add-reviewer", "USER", "give a user the reviewer role", "PUT", "/_plaza/reviewers/{}", NULL, 1, 1,
     ROUTE, OBJECT},
    {"review", "remove-reviewer", "USER", "take the reviewer role away", "DELETE", "/_plaza/reviewers/{}", NULL, 1, 1,
     ROUTE, cli_render_deleted, "reviewer role"},

    {"share", "request", "APP_ID --will-publish true|false --customers N "
     "--customer-type internal|beta_customers|partners|single_customer --days N --reason R",
     "ask the operator to share the app outside its account", "POST", "/_plaza/apps/{}/share-requests",
     market_share_flags, 1, 1, cli_run_app_body, OBJECT},
    {"share", "list", "APP_ID", "the app's sharing requests", "GET", "/_plaza/apps/{}/share-requests", NULL, 1, 1,
     ROUTE, cli_render_table, &market_shares_table},
    {"share", "queue", "[--status pending|approved|denied]", "sharing requests of every app", "GET",
     "/_plaza/share-requests", market_queue_flags, 0, 0, ROUTE, cli_render_table, &market_shares_table},
    {"share", "approve", "REQUEST_ID [--days N] [--notes N]", "approve: other accounts install for N days (30)",
     "POST", "/_plaza/share-requests/{}/decision", market_decision_flags, 1, 1, cli_run_share_decision, OBJECT},
    {"share", "deny", "REQUEST_ID [--notes N]", "deny a sharing request", "POST", "/_plaza/share-requests/{}/decision",
     market_decision_flags, 1, 1, cli_run_share_decision, OBJECT},
    {"share", "settings", "[--accept-requests true|false] [--days N]",
     "show (or change) whether requests are accepted and the default window", "PATCH", "/_plaza/marketplace/settings",
     market_settings_flags, 0, 0, cli_run_app_body, OBJECT},
};

const size_t cli_commands_count = sizeof cli_commands / sizeof cli_commands[0];

int cli_run_route(struct cli_ctx *c)
{
    const struct cli_command *cmd = c->cmd;
    char path[CLI_PATH_MAX];
    json_t *body = NULL;
    if (cli_args_path(cmd->path, &c->args, path, sizeof path) != 0)
        return cli_usage_error(c, "an argument is too long");
    if ((strcmp(cmd->method, "POST") == 0 || strcmp(cmd->method, "PATCH") == 0) &&
        cli_args_body(&c->args, &body) != 0)
        return cli_usage(c);
    return cli_exchange(c, cmd->method, path, body, cmd->render, cmd->render_arg);
}

int cli_run_rotate_secret(struct cli_ctx *c)
{
    if (c->args.npos == 1)
        c->args.pos[c->args.npos++] = "development";
    return cli_run_route(c);
}

int cli_run_consent(struct cli_ctx *c)
{
    json_t *body;
    if (cli_args_body(&c->args, &body) != 0)
        return cli_usage(c);
    json_object_set_new(body, "decision", json_string(cli_switch(&c->args, "deny") ? "deny" : "approve"));
    return cli_exchange(c, c->cmd->method, c->cmd->path, body, c->cmd->render, c->cmd->render_arg);
}

int cli_parse_duration(const char *s, long long *seconds)
{
    static const struct {
        char suffix;
        long long factor;
    } units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
    long long v = 0, factor = 0;
    const char *p = s;
    if (!isdigit((unsigned char)*p))
        return -1;
    for (; isdigit((unsigned char)*p); p++) {
        if (v > (LLONG_MAX - 9) / 10)
            return -1;
        v = v * 10 + (*p - '0');
    }
    if (*p == '\0')
        factor = 1;
    for (size_t i = 0; i < sizeof units / sizeof units[0] && !factor; i++)
        if (p[0] == units[i].suffix && p[1] == '\0')
            factor = units[i].factor;
    if (!factor || v > LLONG_MAX / factor)
        return -1;
    *seconds = v * factor;
    return 0;
}

int cli_run_clock_advance(struct cli_ctx *c)
{
    long long s;
    if (cli_parse_duration(c->args.pos[0], &s) != 0)
        return cli_usage_error(c, "'%.40s' is not a duration: seconds, or a number with s, m, h or d", c->args.pos[0]);
    return cli_exchange(c, c->cmd->method, c->cmd->path, json_pack("{s:I}", "advance", (json_int_t)s),
                        c->cmd->render, c->cmd->render_arg);
}

/* `plaza meeting scenario ID FILE [--at TIME]`: the scenario's JSON ({"steps": [...]}) from a file, or "-" for
 * stdin; --at sets its "at". */
int cli_run_scenario(struct cli_ctx *c)
{
    const char *file = c->args.pos[1];
    json_error_t err;
    json_t *doc = strcmp(file, "-") == 0 ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &err)
                                         : json_load_file(file, JSON_REJECT_DUPLICATES, &err);
    if (!doc)
        return cli_usage_error(c, "%.200s: not JSON (%s, line %d)", file, err.text, err.line);
    const char *at = cli_arg(&c->args, "at"); /* --at: the timeline happened in the past, from then */
    if (at && !json_is_object(doc)) {
        json_decref(doc);
        return cli_usage_error(c, "%.200s: a scenario is a JSON object {\"steps\": [...]}", file);
    }
    if (at)
        json_object_set_new(doc, "at", json_string(at));
    char path[CLI_PATH_MAX];
    snprintf(path, sizeof path, "/_plaza/meetings/%s/scenario", c->args.pos[0]);
    if (strspn(c->args.pos[0], "0123456789") != strlen(c->args.pos[0])) {
        json_decref(doc);
        return cli_usage_error(c, "the meeting ID is a number");
    }
    return cli_exchange(c, "POST", path, doc, c->cmd->render, c->cmd->render_arg);
}

/* Members of a deleted resource worth printing: not its secrets. */
static void print_deleted_members(json_t *doc)
{
    const char *key;
    json_t *v;
    json_t *shown = json_object();
    json_object_foreach(doc, key, v) if (!strstr(key, "token") && !strstr(key, "secret"))
        json_object_set(shown, key, v);
    cli_render_object(NULL, shown, NULL);
    json_decref(shown);
}

/* `plaza subscription delete APP_ID ID`: reads it first, so the answer says
 * what is gone (with --json, the object as it was). */
int cli_run_delete_shown(struct cli_ctx *c)
{
    char path[CLI_PATH_MAX];
    if (cli_args_path(c->cmd->path, &c->args, path, sizeof path) != 0)
        return cli_usage_error(c, "an argument is too long");
    int json = c->json, rc;
    c->json = 0;
    c->keep_answer = 1;
    rc = cli_exchange(c, "GET", path, NULL, cli_render_none, NULL);
    c->json = json;
    c->keep_answer = 0;
    if (rc != CLI_EXIT_OK)
        return rc;
    rc = cli_exchange(c, "DELETE", path, NULL, cli_render_deleted, c->cmd->render_arg);
    if (rc == CLI_EXIT_OK && c->answer) {
        if (json) {
            char *s = json_dumps(c->answer, JSON_COMPACT);
            puts(s ? s : "{}");
            free(s);
        } else {
            print_deleted_members(c->answer);
        }
    }
    return rc;
}

/* `plaza app verify-domains ID`: the table, then exit status 1 (and a line on
 * stderr) when an origin is still unverified, so scripts can stop there. */
int cli_run_verify_domains(struct cli_ctx *c)
{
    c->keep_answer = 1;
    int rc = cli_run_app_body(c);
    if (rc != CLI_EXIT_OK || !c->answer)
        return rc;
    size_t i, bad = 0, n = json_array_size(json_object_get(c->answer, "domains"));
    json_t *d;
    json_array_foreach(json_object_get(c->answer, "domains"), i, d) bad += !json_is_true(json_object_get(d, "verified"));
    if (bad) {
        fprintf(stderr, "plaza: %zu of %zu origins are not verified\n", bad, n);
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}
