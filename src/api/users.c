/* Users as the REST API shows them (zoom-wire §2.7). */
#include "api/api.h"
#include "core/clock.h"
#include "core/config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int api_user_resolve(struct db *db, const struct api_caller *c, const char *user_param, struct user *out,
                     int *is_self, struct perr *e)
{
    const char *wanted = strcmp(user_param, "me") == 0 ? c->user_id : user_param;
    int found = strlen(wanted) <= USER_EMAIL_MAX ? user_find(db, wanted, out) : 0;
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the user failed.");
    if (found == 0 || strcmp(out->account_id, c->account_id) != 0) {
        /* a user of another account is no different from no user at all */
        perr_set(e, PERR_NOT_FOUND, "User does not exist: %.200s.", user_param);
        e->zoom_code = 1001;
        return -1;
    }
    *is_self = strcmp(out->id, c->user_id) == 0;
    return 0;
}

static void iso(char out[21], int64_t t) { clock_format(t, out); }

json_t *api_user_object(const struct user *u)
{
    static const char *const role_names[] = {"Owner", "Admin", "Member"};
    static const char *const role_ids[] = {"0", "1", "2"};
    char created[21], login[21], jid[64], pmi_url[700];
    iso(created, u->created_at);
    iso(login, u->last_login_at ? u->last_login_at : u->created_at);
    size_t i = 0;
    for (; u->id[i] && i < 40; i++)
        jid[i] = (char)tolower((unsigned char)u->id[i]);
    snprintf(jid + i, sizeof jid - i, "@xmpp.zoom.us");
    snprintf(pmi_url, sizeof pmi_url, "%s/j/%lld", config()->public_url, (long long)u->pmi);

    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(u->id));
    json_object_set_new(o, "first_name", json_string(u->first_name));
    json_object_set_new(o, "last_name", json_string(u->last_name));
    json_object_set_new(o, "display_name", json_string(u->display_name));
    json_object_set_new(o, "email", json_string(u->email));
    json_object_set_new(o, "type", json_integer(u->type));
    json_object_set_new(o, "role_name", json_string(role_names[u->role]));
    json_object_set_new(o, "pmi", json_integer(u->pmi));
    json_object_set_new(o, "use_pmi", json_false());
    json_object_set_new(o, "personal_meeting_url", json_string(pmi_url));
    json_object_set_new(o, "timezone", json_string(u->timezone));
    json_object_set_new(o, "verified", json_integer(1));
    json_object_set_new(o, "dept", json_string(u->dept));
    json_object_set_new(o, "created_at", json_string(created));
    json_object_set_new(o, "last_login_time", json_string(login));
    json_object_set_new(o, "cms_user_id", json_string(""));
    json_object_set_new(o, "jid", json_string(jid));
    json_object_set_new(o, "group_ids", json_array());
    json_object_set_new(o, "im_group_ids", json_array());
    json_object_set_new(o, "account_id", json_string(u->account_id));
    json_object_set_new(o, "language", json_string(u->language));
    json_object_set_new(o, "phone_country", json_string(""));
    json_object_set_new(o, "phone_number", json_string(u->phone_number));
    json_object_set_new(o, "status", json_string(u->status));
    json_object_set_new(o, "job_title", json_string(u->job_title));
    json_object_set_new(o, "cost_center", json_string(""));
    json_object_set_new(o, "location", json_string(u->location));
    json_object_set_new(o, "login_types", json_pack("[i]", 100));
    json_object_set_new(o, "role_id", json_string(role_ids[u->role]));
    json_object_set_new(o, "cluster", json_string("us01"));
    json_object_set_new(o, "user_created_at", json_string(created));
    return o;
}
