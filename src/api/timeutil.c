/* Date-times, time zones and recurrences. Local-to-UTC conversion uses the C
 * library with TZ set, under a lock, because the library keeps the zone in
 * process-wide state; nothing else in plaza reads local time. */
#include "api/timeutil.h"
#include "core/clock.h"
#include "api/request_schema.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

int tz_valid(const char *tz)
{
    size_t n = strlen(tz);
    if (n == 0 || n > 64 || strstr(tz, "..") || tz[0] == '/' ||
        strspn(tz, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/") != n)
        return 0;
    if (strcmp(tz, "UTC") == 0 || strcmp(tz, "GMT") == 0)
        return 1;
    char path[128];
    struct stat st;
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* No zone, or UTC by name: no local time to work out. */
static int is_utc(const char *tz) { return !tz || !*tz || strcmp(tz, "UTC") == 0 || strcmp(tz, "GMT") == 0; }

/* Makes `tz` the process's zone under tz_lock; tz_leave(the answer) puts the old one back and unlocks. */
static char *tz_enter(const char *tz)
{
    pthread_mutex_lock(&tz_lock);
    char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
    setenv("TZ", tz, 1);
    tzset();
    return saved;
}

static void tz_leave(char *saved)
{
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
    pthread_mutex_unlock(&tz_lock);
}

int time_parse(const char *s, const char *tz, int64_t *out)
{
    int utc;
    if (!schema_datetime(s, &utc))
        return -1;
    struct tm tm = {0};
    strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (utc || is_utc(tz)) {
        *out = (int64_t)timegm(&tm);
        return 0;
    }
    if (!tz_valid(tz))
        return -1;
    char *saved = tz_enter(tz);
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    tz_leave(saved);
    if (t == (time_t)-1)
        return -1;
    *out = (int64_t)t;
    return 0;
}

static int int_member(const json_t *o, const char *k, int dflt)
{
    const json_t *v = json_object_get(o, k);
    return json_is_integer(v) ? (int)json_integer_value(v) : dflt;
}

/* The n-th (1..4, or -1 = last) `wday` (0 = Sunday) of the month of `tm`. */
static int nth_weekday(int year, int mon, int week, int wday)
{
    struct tm first = {.tm_year = year, .tm_mon = mon, .tm_mday = 1, .tm_hour = 12};
    time_t t = timegm(&first);
    gmtime_r(&t, &first);
    int day = 1 + (wday - first.tm_wday + 7) % 7;
    if (week > 0)
        return day + 7 * (week - 1);
    struct tm next = {.tm_year = year, .tm_mon = mon + 1, .tm_mday = 0, .tm_hour = 12};
    t = timegm(&next);
    gmtime_r(&t, &next); /* last day of the month */
    int last = day;
    while (last + 7 <= next.tm_mday)
        last += 7;
    return last;
}

int recurrence_expand(const json_t *rec, int64_t first, int64_t out[OCCURRENCES_MAX], char *why, size_t wlen,
                      const char **field)
{
    *field = "recurrence";
    int type = int_member(rec, "type", 0);
    int interval = int_member(rec, "repeat_interval", 1);
    const json_t *end_dt = json_object_get(rec, "end_date_time");
    int end_times = int_member(rec, "end_times", json_is_string(end_dt) ? OCCURRENCES_MAX : 1);
    int64_t end_at = INT64_MAX;
    if (json_is_string(end_dt) && json_object_get(rec, "end_times")) {
        snprintf(why, wlen, "end_times and end_date_time cannot be used together");
        return -1;
    }
    if (json_is_string(end_dt) && time_parse(json_string_value(end_dt), "UTC", &end_at) != 0) {
        *field = "recurrence.end_date_time";
        snprintf(why, wlen, "must be a date-time");
        return -1;
    }
    if (end_times < 1 || end_times > OCCURRENCES_MAX) {
        *field = "recurrence.end_times";
        snprintf(why, wlen, "must be 1 to %d", OCCURRENCES_MAX);
        return -1;
    }
    int max_interval = type == 1 ? 90 : type == 2 ? 12 : 3;
    if (type < 1 || type > 3 || interval < 1 || interval > max_interval) {
        snprintf(why, wlen, "repeat_interval must be 1 to %d for recurrence type %d", max_interval, type);
        return -1;
    }

    struct tm base;
    time_t ft = (time_t)first;
    gmtime_r(&ft, &base);
    int secs_of_day = base.tm_hour * 3600 + base.tm_min * 60 + base.tm_sec;
    int64_t day0 = first - secs_of_day;
    int n = 0;

    if (type == 1) {
        for (int i = 0; n < end_times && n < OCCURRENCES_MAX; i++) {
            int64_t t = first + (int64_t)i * interval * 86400;
            if (t > end_at)
                break;
            out[n++] = t;
        }
    } else if (type == 2) {
        const char *days = json_string_value(json_object_get(rec, "weekly_days"));
        int want[7] = {0}, any = 0;
        char buf[32];
        snprintf(buf, sizeof buf, "%s", days ? days : "");
        for (char *save, *d = strtok_r(buf, ",", &save); d; d = strtok_r(NULL, ",", &save)) {
            int k = atoi(d);
            if (k < 1 || k > 7) {
                *field = "recurrence.weekly_days";
                snprintf(why, wlen, "must list days 1 (Sunday) to 7 (Saturday)");
                return -1;
            }
            want[k - 1] = any = 1;
        }
        if (!any)
            want[base.tm_wday] = 1;
        int64_t week0 = day0 - (int64_t)base.tm_wday * 86400; /* the Sunday of the first week */
        for (int w = 0; n < end_times && w < 60 * 12 * 7; w += interval) {
            for (int d = 0; d < 7 && n < end_times; d++) {
                int64_t t = week0 + ((int64_t)w * 7 + d) * 86400 + secs_of_day;
                if (!want[d] || t < first)
                    continue;
                if (t > end_at)
                    return n;
                out[n++] = t;
            }
        }
    } else {
        int mday = int_member(rec, "monthly_day", 0), week = int_member(rec, "monthly_week", 0),
            wday = int_member(rec, "monthly_week_day", 0);
        if (mday == 0 && week == 0)
            mday = base.tm_mday;
        if (mday && (mday < 1 || mday > 31)) {
            *field = "recurrence.monthly_day";
        snprintf(why, wlen, "must be 1 to 31");
            return -1;
        }
        if (!mday && (week < -1 || week > 4 || week == 0 || wday < 1 || wday > 7)) {
            snprintf(why, wlen, "monthly_week must be -1 or 1 to 4, with monthly_week_day 1 to 7");
            return -1;
        }
        for (int m = 0; n < end_times && m < 12 * 60; m += interval) {
            int year = base.tm_year + (base.tm_mon + m) / 12, mon = (base.tm_mon + m) % 12;
            int day = mday ? mday : nth_weekday(year, mon, week, wday - 1);
            struct tm cand = {.tm_year = year, .tm_mon = mon, .tm_mday = day, .tm_hour = base.tm_hour,
                              .tm_min = base.tm_min, .tm_sec = base.tm_sec};
            int64_t t = (int64_t)timegm(&cand);
            struct tm check;
            time_t tt = (time_t)t;
            gmtime_r(&tt, &check);
            if (check.tm_mon != mon || t < first) /* the 31st of a shorter month is skipped */
                continue;
            if (t > end_at)
                break;
            out[n++] = t;
        }
    }
    if (n == 0) {
        snprintf(why, wlen, "the recurrence has no occurrence");
        return -1;
    }
    return n;
}

json_t *time_json(int64_t t)
{
    char buf[21];
    clock_format(t, buf);
    return json_string(buf);
}

int time_format_local(int64_t t, const char *tz, const char *fmt, char *out, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    size_t n = 0;
    if (is_utc(tz) || !tz_valid(tz)) {
        if (gmtime_r(&tt, &tm))
            n = strftime(out, size, fmt, &tm);
        return n ? 0 : -1;
    }
    char *saved = tz_enter(tz);
    if (localtime_r(&tt, &tm))
        n = strftime(out, size, fmt, &tm);
    tz_leave(saved);
    return n ? 0 : -1;
}
