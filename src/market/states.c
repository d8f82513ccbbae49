/* The review states of an app version and the events that move between them,
 * as one table: draft → submitted → in_review → approved → published, with
 * rejected and withdrawn, and an edit of a published app opening a new draft.
 * Pure; lifecycle.c applies it to the store. */
#include "market/market.h"

#include <stdio.h>
#include <string.h>

static const char *const state_names[APP_STATE_COUNT] = {"draft",     "submitted", "in_review", "approved",
                                                         "published", "rejected",  "withdrawn"};
static const char *const event_names[APP_EVENT_COUNT] = {"submit", "start_review", "approve", "reject",
                                                         "withdraw", "publish", "edit"};

#define NO (-1)
/* next[from][event] */
static const signed char next[APP_STATE_COUNT][APP_EVENT_COUNT] = {
    /*                submit         start_review   approve       reject        withdraw       publish        edit */
    [APP_DRAFT] = {APP_SUBMITTED, NO, NO, NO, NO, NO, APP_DRAFT},
    [APP_SUBMITTED] = {NO, APP_IN_REVIEW, NO, NO, APP_WITHDRAWN, NO, NO},
    [APP_IN_REVIEW] = {NO, NO, APP_APPROVED, APP_REJECTED, APP_WITHDRAWN, NO, NO},
    [APP_APPROVED] = {NO, NO, NO, NO, APP_WITHDRAWN, APP_PUBLISHED, NO},
    [APP_PUBLISHED] = {NO, NO, NO, NO, NO, NO, APP_DRAFT}, /* a new version */
    [APP_REJECTED] = {APP_SUBMITTED, NO, NO, NO, NO, NO, APP_REJECTED},
    [APP_WITHDRAWN] = {APP_SUBMITTED, NO, NO, NO, NO, NO, APP_WITHDRAWN},
};

const char *app_state_name(enum app_state s) { return (unsigned)s < APP_STATE_COUNT ? state_names[s] : "unknown"; }
const char *app_event_name(enum app_event ev) { return (unsigned)ev < APP_EVENT_COUNT ? event_names[ev] : "unknown"; }

int app_state_parse(const char *s, enum app_state *out)
{
    for (int i = 0; i < APP_STATE_COUNT; i++)
        if (strcmp(s, state_names[i]) == 0) {
            *out = (enum app_state)i;
            return 0;
        }
    return -1;
}

int app_state_next(enum app_state from, enum app_event ev)
{
    if ((unsigned)from >= APP_STATE_COUNT || (unsigned)ev >= APP_EVENT_COUNT)
        return -1;
    return next[from][ev];
}

void app_state_allowed(enum app_state from, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (int ev = 0; ev < APP_EVENT_COUNT && (unsigned)from < APP_STATE_COUNT; ev++) {
        if (next[from][ev] == NO)
            continue;
        int n = snprintf(out + len, size - len, "%s%s", len ? ", " : "", event_names[ev]);
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
    if (!len)
        snprintf(out, size, "nothing");
}
