/* The scopes plaza knows, with the words a consent page shows for each.
 * Classic scopes are `resource:read|write[:admin]`; granular scopes are
 * `service:action:data[:admin]` (zoom-wire §2.5). An `:admin` scope acts on
 * every user of the account and only admin-managed apps may register it. */
#include "market/market.h"

#include <string.h>

struct scope_info {
    const char *name;
    const char *words;
};

static const struct scope_info table[] = {
    /* users, classic */
    {"user:read", "View your user information"},
    {"user:write", "View and manage your user information"},
    {"user:read:admin", "View all users' information on your account"},
    {"user:write:admin", "View and manage all users' information on your account"},
    {"user_info:read", "View your user profile"},
    {"user_zak:read", "View your Zoom Access Key (ZAK)"},
    /* users, granular */
    {"user:read:user", "View your user profile"},
    {"user:read:user:admin", "View the profile of any user on your account"},
    {"user:read:email", "View your email address"},
    {"user:read:email:admin", "View the email address of any user on your account"},
    {"user:update:user", "Update your user profile"},
    {"user:update:user:admin", "Update the profile of any user on your account"},
    {"user:read:settings", "View your user settings"},
    {"user:read:settings:admin", "View the settings of any user on your account"},
    {"user:update:settings", "Update your user settings"},
    {"user:update:settings:admin", "Update the settings of any user on your account"},
    {"user:read:list_assistants", "View your assistants"},
    {"user:read:list_assistants:admin", "View the assistants of any user on your account"},
    {"user:write:assistant", "Add assistants for you"},
    {"user:write:profile_picture", "Upload your profile picture"},
    {"user:write:profile_picture:admin", "Upload any user's profile picture on your account"},
    {"user:delete:profile_picture", "Delete your profile picture"},
    {"user:delete:profile_picture:admin", "Delete any user's profile picture on your account"},
    {"user:write:assistant:admin", "Add assistants for any user on your account"},
    {"user:delete:assistant", "Remove your assistants"},
    {"user:delete:assistant:admin", "Remove the assistants of any user on your account"},
    {"user:read:token", "View your user token"},
    {"user:read:token:admin", "View the token of any user on your account"},
    {"user:read:zak", "View your Zoom Access Key (ZAK)"},
    {"user:read:zak:admin", "View the Zoom Access Key (ZAK) of any user on your account"},
    {"user:delete:token", "Revoke your SSO token"},
    {"user:delete:token:admin", "Revoke the SSO token of any user on your account"},
    /* meetings, classic */
    {"meeting:read", "View your meetings"},
    {"meeting:write", "View and manage your meetings"},
    {"meeting:read:admin", "View all users' meetings on your account"},
    {"meeting:write:admin", "View and manage all users' meetings on your account"},
    /* meetings, granular */
    {"meeting:read:list_meetings", "View your list of meetings"},
    {"meeting:read:list_meetings:admin", "View the list of meetings of any user on your account"},
    {"meeting:write:meeting", "Create meetings for you"},
    {"meeting:write:meeting:admin", "Create meetings for any user on your account"},
    {"meeting:read:meeting", "View a meeting of yours"},
    {"meeting:read:meeting:admin", "View any meeting on your account"},
    {"meeting:update:meeting", "Update your meetings"},
    {"meeting:update:meeting:admin", "Update any meeting on your account"},
    {"meeting:delete:meeting", "Delete your meetings"},
    {"meeting:delete:meeting:admin", "Delete any meeting on your account"},
    {"meeting:update:status", "End or recover your meetings"},
    {"meeting:update:status:admin", "End or recover any meeting on your account"},
    {"meeting:write:registrant", "Register people for your meetings"},
    {"meeting:write:registrant:admin", "Register people for any meeting on your account"},
    {"meeting:read:list_registrants", "View the registrants of your meetings"},
    {"meeting:read:list_registrants:admin", "View the registrants of any meeting on your account"},
    {"meeting:update:registrant_status", "Approve, deny or cancel registrants of your meetings"},
    {"meeting:update:registrant_status:admin", "Approve, deny or cancel registrants of any meeting on your account"},
    /* webinars, classic */
    {"webinar:read", "View your webinars"},
    {"webinar:write", "View and manage your webinars"},
    {"webinar:read:admin", "View all users' webinars on your account"},
    {"webinar:write:admin", "View and manage all users' webinars on your account"},
    /* webinars, granular */
    {"webinar:read:list_webinars", "View your list of webinars"},
    {"webinar:read:list_webinars:admin", "View the list of webinars of any user on your account"},
    {"webinar:write:webinar", "Create webinars for you"},
    {"webinar:write:webinar:admin", "Create webinars for any user on your account"},
    {"webinar:read:webinar", "View a webinar of yours"},
    {"webinar:read:webinar:admin", "View any webinar on your account"},
    {"webinar:update:webinar", "Update your webinars"},
    {"webinar:update:webinar:admin", "Update any webinar on your account"},
    {"webinar:delete:webinar", "Delete your webinars"},
    {"webinar:delete:webinar:admin", "Delete any webinar on your account"},
    {"webinar:update:status", "End your webinars"},
    {"webinar:update:status:admin", "End any webinar on your account"},
    {"webinar:write:registrant", "Register people for your webinars"},
    {"webinar:write:registrant:admin", "Register people for any webinar on your account"},
    {"webinar:read:list_registrants", "View the registrants of your webinars"},
    {"webinar:read:list_registrants:admin", "View the registrants of any webinar on your account"},
    {"webinar:update:registrant_status", "Approve, deny or cancel registrants of your webinars"},
    {"webinar:update:registrant_status:admin", "Approve, deny or cancel registrants of any webinar on your account"},
    {"webinar:read:list_panelists", "View the panelists of your webinars"},
    {"webinar:read:list_panelists:admin", "View the panelists of any webinar on your account"},
    {"webinar:write:panelist", "Add panelists to your webinars"},
    {"webinar:write:panelist:admin", "Add panelists to any webinar on your account"},
    {"webinar:delete:panelist", "Remove panelists from your webinars"},
    {"webinar:delete:panelist:admin", "Remove panelists from any webinar on your account"},
    /* cloud recordings, classic */
    {"recording:read", "View your cloud recordings"},
    {"recording:write", "View and manage your cloud recordings"},
    {"recording:read:admin", "View all users' cloud recordings on your account"},
    {"recording:write:admin", "View and manage all users' cloud recordings on your account"},
    /* cloud recordings, granular */
    {"cloud_recording:read:list_user_recordings", "View your list of cloud recordings"},
    {"cloud_recording:read:list_user_recordings:admin", "View the cloud recordings of any user on your account"},
    {"cloud_recording:read:list_recording_files", "View the recording files of your meetings"},
    {"cloud_recording:read:list_recording_files:admin", "View the recording files of any meeting on your account"},
    {"cloud_recording:delete:meeting_recording", "Delete the recordings of your meetings"},
    {"cloud_recording:delete:meeting_recording:admin", "Delete the recordings of any meeting on your account"},
    {"cloud_recording:delete:recording_file", "Delete single recording files of your meetings"},
    {"cloud_recording:delete:recording_file:admin", "Delete single recording files of any meeting on your account"},
    /* chat */
    {"imchat:bot", "Send chatbot messages as the app"},
    {"chat_message:read", "View your chat messages"},
    {"chat_message:read:admin", "View all users' chat messages on your account"},
};

#define NSCOPES (sizeof table / sizeof table[0])

const char *scope_words(const char *scope)
{
    for (size_t i = 0; i < NSCOPES; i++)
        if (strcmp(table[i].name, scope) == 0)
            return table[i].words;
    return NULL;
}

int scope_is_admin(const char *scope)
{
    const char *p = strstr(scope, ":admin");
    return p && (p[6] == '\0' || p[6] == ':');
}

size_t scope_count(void) { return NSCOPES; }
const char *scope_name(size_t i) { return i < NSCOPES ? table[i].name : NULL; }

int scopes_contain(const char *list, const char *scope)
{
    size_t n = strlen(scope);
    if (n == 0)
        return 0;
    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, scope, n) == 0)
            return 1;
        if (!end)
            break;
        p = end;
    }
    return 0;
}
