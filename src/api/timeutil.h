/* Times as the REST API takes and gives them: Zoom's date-times, time zones
 * by IANA name, and the occurrences of recurring meetings. */
#ifndef PLAZA_TIMEUTIL_H
#define PLAZA_TIMEUTIL_H

#include <jansson.h>
#include <stdint.h>

#define OCCURRENCES_MAX 60 /* Zoom: at most 60 occurrences */

/* 1 when `tz` names a zone in the system's tz database (or is "UTC"/"GMT"). */
int tz_valid(const char *tz);

/* Epoch seconds of a Zoom date-time: "…Z" is UTC, otherwise local time in `tz`.
 * 0 on success. */
int time_parse(const char *s, const char *tz, int64_t *out);

/* Epoch seconds as local time in the IANA zone `tz` (UTC when it is empty,
 * UTC/GMT or unknown) through strftime's `fmt`: 0, or -1 when it does not fit. */
int time_format_local(int64_t t, const char *tz, const char *fmt, char *out, size_t size);

/* A time as Zoom writes it: "yyyy-MM-ddTHH:mm:ssZ" (UTC). */
json_t *time_json(int64_t t);

/* The occurrences of a recurring meeting starting at `first` (epoch seconds)
 * per Zoom's recurrence object; writes up to OCCURRENCES_MAX start times.
 * Returns the count, or -1 with a message in `why` (about `*field`) when the
 * recurrence cannot produce any. */
int recurrence_expand(const json_t *recurrence, int64_t first, int64_t out[OCCURRENCES_MAX], char *why, size_t wlen,
                      const char **field);

#endif
