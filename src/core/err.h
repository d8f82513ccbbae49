/* The error value every domain function fills: a kind the HTTP layer maps to a
 * status, an optional Zoom error code, a message, and the fields at fault.
 * Domain code never formats an HTTP response; http/ does, in one place. */
#ifndef PLAZA_ERR_H
#define PLAZA_ERR_H

#include "core/log.h"

enum perr_kind {
    PERR_NONE = 0,
    PERR_INVALID,      /* the input is wrong: 400 / 422 */
    PERR_UNAUTHORIZED, /* who is calling is unknown: 401 */
    PERR_FORBIDDEN,    /* known, but not allowed: 403 */
    PERR_NOT_FOUND,    /* 404 */
    PERR_CONFLICT,     /* clashes with existing state: 409 */
    PERR_UNPROCESSABLE, /* understood and well formed, but not acceptable in this state: 422 */
    PERR_LIMIT,        /* a size or count bound was hit: 413 */
    PERR_RATE_LIMITED, /* too many calls for now: 429 */
    PERR_INTERNAL,     /* plaza's own failure: 500 */
};

#define PERR_MAX_FIELDS 8

struct perr_item {
    char field[128];
    char message[160];
};

struct perr {
    enum perr_kind kind;
    int status;     /* set by http/ alone (an unsupported media type...): the kind decides elsewhere */
    int zoom_code;  /* Zoom's numeric code where one applies, else 0 */
    char error[32]; /* OAuth's error string where one applies ("invalid_grant") */
    char message[256];
    int nfields;
    struct perr_item fields[PERR_MAX_FIELDS];
    /* Complaints past the first PERR_MAX_FIELDS, kept when the caller lent room
     * (perr_lend): a validation of a long list names every bad value. */
    struct perr_item *more;
    int nmore, more_cap;
};

/* Lends `n` more items (owned by the caller, living as long as e is read) for
 * field complaints past PERR_MAX_FIELDS. */
void perr_lend(struct perr *e, struct perr_item *room, int n);

/* Sets kind and message; returns -1 so callers can `return perr_set(...)`. */
int perr_set(struct perr *e, enum perr_kind kind, const char *fmt, ...) PLAZA_PRINTF(3, 4);

/* Adds a field-level complaint (kept up to PERR_MAX_FIELDS, then in the lent room); returns -1. */
int perr_field(struct perr *e, const char *field, const char *fmt, ...) PLAZA_PRINTF(3, 4);

#endif
