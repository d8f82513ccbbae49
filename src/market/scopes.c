/* The scopes plaza knows: the catalogue generated from the app-scopes guide,
 * Zoom's OpenAPI files and plaza's own list (tools/genscopes.c), looked up by
 * name, searched, and used to suggest the name meant when an unknown one is
 * given. Classic scopes are `resource:read|write[:admin]`; granular scopes
 * are `service:action:data[:admin]` (zoom-wire §2.5). An account-level scope
 * acts on every user of the account and only admin-managed apps may register
 * it. */
#include "market/market.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int by_name(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct scope_def *)elem)->name);
}

const struct scope_def *scope_find(const char *scope)
{
    if (!scope)
        return NULL;
    return bsearch(scope, scope_catalog, scope_catalog_count, sizeof scope_catalog[0], by_name);
}

const char *scope_words(const char *scope)
{
    const struct scope_def *d = scope_find(scope);
    return d ? d->words : NULL;
}

static int has_admin_part(const char *scope)
{
    for (const char *p = strstr(scope, ":admin"); p; p = strstr(p + 1, ":admin"))
        if (p[6] == '\0' || p[6] == ':')
            return 1;
    return 0;
}

int scope_is_admin(const char *scope)
{
    const struct scope_def *d = scope_find(scope);
    return d ? d->level == SCOPE_ADMIN : has_admin_part(scope);
}

size_t scope_count(void) { return scope_catalog_count; }
const char *scope_name(size_t i) { return i < scope_catalog_count ? scope_catalog[i].name : NULL; }

int scopes_contain(const char *list, const char *scope)
{
    size_t n = strlen(scope);
    if (n == 0)
        return 0;
    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, scope, n) == 0)
            return 1;
        if (!end)
            break;
        p = end;
    }
    return 0;
}

/* ---- search ------------------------------------------------------------------- */

static int contains_nocase(const char *hay, const char *needle, size_t n)
{
    if (!hay)
        return 0;
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

int scope_matches(const struct scope_def *d, const char *query)
{
    for (const char *p = query; *p;) {
        while (*p == ' ' || *p == '+')
            p++;
        size_t n = strcspn(p, " +");
        if (n == 0)
            break;
        int found = contains_nocase(d->name, p, n) || contains_nocase(d->description, p, n) ||
                    contains_nocase(d->words, p, n);
        for (size_t i = 0; i < d->nops && !found; i++) {
            const struct scope_op *o = &scope_ops[d->ops[i]];
            found = contains_nocase(o->operation, p, n) || contains_nocase(o->path, p, n) ||
                    contains_nocase(o->summary, p, n);
        }
        if (!found)
            return 0;
        p += n;
    }
    return 1;
}

/* ---- suggestions -------------------------------------------------------------- */

#define WORDS_MAX 12
#define WORD_MAX 40

/* Splits a scope into its lower-cased words at ':' and '_': "user_zak:read" -> user, zak, read. */
static int words(const char *s, char out[WORDS_MAX][WORD_MAX])
{
    int n = 0;
    while (*s && n < WORDS_MAX) {
        size_t len = strcspn(s, ":_ ");
        if (len > 0) {
            size_t k = len < WORD_MAX - 1 ? len : WORD_MAX - 1;
            for (size_t i = 0; i < k; i++)
                out[n][i] = (char)tolower((unsigned char)s[i]);
            out[n++][k] = '\0';
        }
        s += len;
        while (*s == ':' || *s == '_' || *s == ' ')
            s++;
    }
    return n;
}

/* A word written for a scope's word: the same, or its start ("list" for "list", "meeting" for "meetings"). */
static int word_fits(const char *written, const char *known)
{
    size_t n = strlen(written);
    return strcmp(written, known) == 0 || (n >= 3 && strncmp(known, written, n) == 0);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 96 || lb > 96)
        return (size_t)-1;
    size_t row[97];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

struct candidate {
    const struct scope_def *d;
    int all_words; /* every written word fits one of the scope's */
    int extra;     /* the scope's words beyond those */
    size_t distance;
};

static int better(const struct candidate *a, const struct candidate *b)
{
    if (a->all_words != b->all_words)
        return a->all_words > b->all_words;
    if (a->all_words && a->extra != b->extra)
        return a->extra < b->extra;
    if (a->distance != b->distance)
        return a->distance < b->distance;
    if (a->d->kind != b->d->kind)
        return a->d->kind == SCOPE_CLASSIC;
    return strcmp(a->d->name, b->d->name) < 0;
}

size_t scope_suggest(const char *unknown, const char **out, size_t max)
{
    char w[WORDS_MAX][WORD_MAX], k[WORDS_MAX][WORD_MAX];
    int nw = words(unknown, w);
    int wants_admin = 0;
    for (int i = 0; i < nw; i++)
        wants_admin |= strcmp(w[i], "admin") == 0;
    size_t len = strlen(unknown), limit = len / 3 > 2 ? len / 3 : 2;
    struct candidate best[8];
    size_t nbest = 0;
    if (max > 8)
        max = 8;
    for (size_t i = 0; i < scope_catalog_count && nw > 0 && max > 0; i++) {
        const struct scope_def *d = &scope_catalog[i];
        int nk = words(d->name, k), fitted = 0;
        for (int a = 0; a < nw; a++)
            for (int b = 0; b < nk; b++)
                if (word_fits(w[a], k[b])) {
                    fitted++;
                    break;
                }
        struct candidate c = {d, fitted == nw, nk - nw, edit_distance(unknown, d->name)};
        if (!c.all_words && c.distance > limit)
            continue;
        if (c.all_words && !wants_admin && d->level == SCOPE_ADMIN && has_admin_part(d->name))
            c.extra += 2; /* the user-level form first */
        size_t at = nbest;
        while (at > 0 && better(&c, &best[at - 1]))
            at--;
        if (at >= max)
            continue;
        if (nbest < max)
            nbest++;
        memmove(&best[at + 1], &best[at], (nbest - 1 - at) * sizeof best[0]);
        best[at] = c;
    }
    for (size_t i = 0; i < nbest; i++)
        out[i] = best[i].d->name;
    return nbest;
}

void scope_unknown_message(const char *unknown, char *out, size_t size)
{
    const char *near[3];
    size_t n = scope_suggest(unknown, near, 3);
    size_t cut = strlen(unknown) > 48 ? 48 : strlen(unknown);
    while (cut > 0 && cut < strlen(unknown) && ((unsigned char)unknown[cut] & 0xC0) == 0x80)
        cut--; /* not inside a UTF-8 sequence */
    int len = snprintf(out, size, "unknown scope '%.*s'", (int)cut, unknown);
    if (len < 0 || (size_t)len >= size)
        return;
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        size_t used = (size_t)len;
        int add = snprintf(out + used, size - used, "%s%s", i == 0 ? "; did you mean " : i + 1 == n ? " or " : ", ",
                           near[i]);
        if (add < 0 || used + (size_t)add + 2 >= size) { /* keep room for "?" */
            out[used] = '\0';
            break;
        }
        len += add;
        shown++;
    }
    if (shown > 0)
        snprintf(out + len, size - (size_t)len, "?");
    else if ((size_t)len + 40 < size)
        snprintf(out + len, size - (size_t)len, " (GET /_plaza/scopes lists them)");
}

void scopes_check(const char *const *scopes, const char *const *descriptions, int n, int admin_allowed,
                  int bot_allowed, struct perr *e)
{
    for (int i = 0; i < n; i++) {
        char f[48], unknown[160];
        snprintf(f, sizeof f, "scopes[%d]", i);
        const char *s = scopes[i];
        if (!scope_words(s)) {
            scope_unknown_message(s, unknown, sizeof unknown);
            perr_field(e, f, "%s", unknown);
        } else if (scope_is_admin(s) && !admin_allowed)
            perr_field(e, f, "'%s' is an account-level scope; only admin-managed apps may register it", s);
        else if (strcmp(s, "imchat:bot") == 0 && !bot_allowed)
            perr_field(e, f, "'imchat:bot' is only for chatbot apps");
        else if (descriptions[i] && strlen(descriptions[i]) > SCOPE_DESC_MAX)
            perr_field(e, f, "description must be at most %d characters", SCOPE_DESC_MAX);
        for (int j = 0; j < i; j++)
            if (strcmp(scopes[j], s) == 0)
                perr_field(e, f, "'%.60s' is listed twice", s);
    }
}
