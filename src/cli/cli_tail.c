/* `plaza delivery tail`: follows webhook deliveries as they happen, by
 * asking the control API twice a second for deliveries newer than the last
 * one seen, and for the ones still in flight, until interrupted. */
#include "cli/cli_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POLL_MS 500
#define TRACKED_MAX 128 /* deliveries still in flight whose outcome is printed when it comes */

struct tracked {
    long long id;
    char status[16];
};

struct tail {
    json_t *doc; /* the last answer */
};

static void keep(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    (void)c;
    struct tail *t = (struct tail *)arg;
    json_decref(t->doc);
    t->doc = doc ? json_incref(doc) : NULL;
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void print_delivery(json_t *d)
{
    time_t now = time(NULL);
    struct tm tm;
    char when[16];
    strftime(when, sizeof when, "%H:%M:%S", localtime_r(&now, &tm));
    printf("%s  #%-6lld %-30s %-10s attempts=%lld  %s\n", when, (long long)json_integer_value(json_object_get(d, "id")),
           str(d, "event"), str(d, "status"), (long long)json_integer_value(json_object_get(d, "attempts")),
           str(d, "url"));
    fflush(stdout);
}

static int settled(const char *status) { return strcmp(status, "delivered") == 0 || strcmp(status, "failed") == 0; }

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

int cli_run_tail(struct cli_ctx *c)
{
    struct tail t = {NULL};
    struct tracked tracked[TRACKED_MAX];
    int ntracked = 0;
    long long after = 0;
    char base[CLI_PATH_MAX], path[CLI_PATH_MAX + 64];
    if (cli_args_path("/_plaza/deliveries", &c->args, base, sizeof base) != 0)
        return cli_usage_error(c, "an argument is too long");
    const char *sep = strchr(base, '?') ? "&" : "?";

    /* start at the end: skip what is already there */
    for (;;) {
        snprintf(path, sizeof path, "%s%spage_size=200&after=%lld", base, sep, after);
        if (cli_exchange(c, "GET", path, NULL, keep, &t) != CLI_EXIT_OK)
            return CLI_EXIT_FAIL;
        long long last = json_integer_value(json_object_get(t.doc, "last_id"));
        int more = str(t.doc, "next_page_token")[0] != '\0';
        after = last > after ? last : after;
        if (!more)
            break;
    }
    printf("following deliveries after #%lld (Ctrl-C stops)\n", after);
    fflush(stdout);
    for (;;) {
        sleep_ms(POLL_MS);
        snprintf(path, sizeof path, "%s%spage_size=200&after=%lld", base, sep, after);
        if (cli_exchange(c, "GET", path, NULL, keep, &t) != CLI_EXIT_OK)
            break;
        size_t i;
        json_t *d;
        json_array_foreach(json_object_get(t.doc, "deliveries"), i, d)
        {
            long long id = json_integer_value(json_object_get(d, "id"));
            after = id > after ? id : after;
            print_delivery(d);
            if (!settled(str(d, "status")) && ntracked < TRACKED_MAX) {
                tracked[ntracked].id = id;
                snprintf(tracked[ntracked].status, sizeof tracked[0].status, "%s", str(d, "status"));
                ntracked++;
            }
        }
        /* the ones in flight: print each change of status, forget them once settled */
        for (int k = 0; k < ntracked;) {
            snprintf(path, sizeof path, "/_plaza/deliveries/%lld", tracked[k].id);
            if (cli_exchange(c, "GET", path, NULL, keep, &t) != CLI_EXIT_OK)
                break;
            const char *status = str(t.doc, "status");
            if (strcmp(status, tracked[k].status) != 0) {
                print_delivery(t.doc);
                snprintf(tracked[k].status, sizeof tracked[k].status, "%s", status);
            }
            if (settled(status))
                tracked[k] = tracked[--ntracked];
            else
                k++;
        }
    }
    json_decref(t.doc);
    return CLI_EXIT_FAIL;
}
