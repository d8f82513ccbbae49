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

void perr_lend(struct perr *e, struct perr_item *room, int n)
{
    e->more = room;
    e->nmore = 0;
    e->more_cap = room ? n : 0;
}

int perr_field(struct perr *e, const char *field, const char *fmt, ...)
{
    if (e->kind == PERR_NONE) {
        e->kind = PERR_INVALID;
        snprintf(e->message, sizeof e->message, "Validation Failed.");
    }
    struct perr_item *item;
    if (e->nfields < PERR_MAX_FIELDS)
        item = &e->fields[e->nfields++];
    else if (e->more && e->nmore < e->more_cap)
        item = &e->more[e->nmore++];
    else
        return -1;
    snprintf(item->field, sizeof item->field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(item->message, sizeof item->message, fmt, ap);
    va_end(ap);
    trim_partial_utf8(item->field);
    trim_partial_utf8(item->message);
    return -1;
}
