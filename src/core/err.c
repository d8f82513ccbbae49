/* Filling struct perr. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>

int perr_set(struct perr *e, enum perr_kind kind, const char *fmt, ...)
{
    e->kind = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return -1;
}

int perr_field(struct perr *e, const char *field, const char *fmt, ...)
{
    if (e->kind == PERR_NONE) {
        e->kind = PERR_INVALID;
        snprintf(e->message, sizeof e->message, "Validation Failed.");
    }
    if (e->nfields >= PERR_MAX_FIELDS)
        return -1;
    snprintf(e->fields[e->nfields].field, sizeof e->fields[0].field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->fields[e->nfields].message, sizeof e->fields[0].message, fmt, ap);
    va_end(ap);
    e->nfields++;
    return -1;
}
