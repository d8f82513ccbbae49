/* A meeting's invitation note (GET /meetings/{meetingId}/invitation): the text
 * Zoom's "Copy Invitation" gives, as its API returns it, lines ending in CRLF.
 * plaza has no telephony, so the dial-in, SIP and H.323 sections are left out. */
#include "api/meetings_internal.h"
#include "market/market.h"

#include <stdio.h>
#include <string.h>

#define INVITATION_MAX 4096

/* 55544443210 as Zoom groups it for people: "555 4444 3210" (10 digits: 3 3 4, 9: 3 3 3). */
static void grouped(int64_t id, char out[32])
{
    char d[24];
    int n = snprintf(d, sizeof d, "%lld", (long long)id);
    if (n == 11)
        snprintf(out, 32, "%.3s %.4s %.4s", d, d + 3, d + 7);
    else if (n == 10)
        snprintf(out, 32, "%.3s %.3s %.4s", d, d + 3, d + 6);
    else if (n == 9)
        snprintf(out, 32, "%.3s %.3s %.3s", d, d + 3, d + 6);
    else
        snprintf(out, 32, "%s", d);
}

int meeting_invitation(struct db *db, const struct meeting_ref *ref, json_t **out, struct perr *e)
{
    struct meeting m;
    if (meeting_load(db, ref, 0, &m, e) != 0)
        return -1;
    struct user host;
    const char *topic = json_string_value(json_object_get(m.doc, "topic"));
    const char *tz = json_string_value(json_object_get(m.doc, "timezone"));
    const char *pwd = json_string_value(json_object_get(m.doc, "password"));
    json_t *join = meeting_join_url(&m);
    char text[INVITATION_MAX], when[64] = "", zone[80] = "", id[32];
    size_t n = 0;
#define ADD(...) n += (size_t)snprintf(text + n, n < sizeof text ? sizeof text - n : 0, __VA_ARGS__)
    ADD("%s is inviting you to a %sZoom meeting.\r\n\r\n",
        user_find(db, m.host_id, &host) == 1 ? host.display_name : "The host", m.type == 1 ? "" : "scheduled ");
    ADD("Topic: %s\r\n", topic ? topic : "");
    if (m.type == 3) {
        ADD("Time: This is a recurring meeting Meet anytime\r\n");
    } else if (m.type != 1 && time_format_local(m.start_time, tz, "%b %d, %Y %I:%M %p", when, sizeof when) == 0) {
        /* the zone as the spec's example writes it: "America, Los_Angeles" */
        snprintf(zone, sizeof zone, "%s", tz && *tz ? tz : "UTC");
        char *slash = strchr(zone, '/');
        if (slash && strlen(zone) + 1 < sizeof zone) {
            memmove(slash + 2, slash + 1, strlen(slash + 1) + 1);
            slash[0] = ',';
            slash[1] = ' ';
        }
        ADD("Time: %s %s\r\n", when, zone);
    }
    grouped(m.id, id);
    ADD("\r\nJoin Zoom Meeting\r\n%s\r\n\r\nMeeting ID: %s\r\n", json_string_value(join), id);
    if (pwd && *pwd)
        ADD("Passcode: %s\r\n", pwd);
    ADD("\r\n");
#undef ADD
    json_decref(join);
    meeting_clear(&m);
    if (n >= sizeof text)
        return perr_set(e, PERR_INTERNAL, "The invitation is too long.");
    *out = json_pack("{s:s}", "invitation", text);
    return 0;
}
