/* Filling struct perr. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* After truncation a message may end inside a UTF-8 sequence; drop the partial
 * character so that the text stays valid UTF-8 for JSON. */
static void trim_partial_utf8(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need)
        s[i - 1] = '\0';
}

int perr_set(struct perr *e, enum perr_kind kind, const char *fmt, ...)
{
    e->kind = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    trim_partial_utf8(e->message);
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
    trim_partial_utf8(e->fields[e->nfields].field);
    trim_partial_utf8(e->fields[e->nfields].message);
    e->nfields++;
    return -1;
}
