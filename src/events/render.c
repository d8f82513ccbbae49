/* Webhook bodies exactly as JavaScript's JSON.stringify writes them, because
 * receivers (Zoom's samples, Rivet) verify the signature over
 * JSON.stringify(JSON.parse(body)) rather than over the bytes sent (zoom-wire
 * §3.2). jansson writes the JSON; three things it writes differently are put
 * right here: numbers (JS prints the shortest digits that read back to the
 * same double: 0.1 not 0.10000000000000001, 2 not 2.0, 1e+21 not 1e21), the
 * hex digits of \u escapes (lower case in JS), and the order of integer-like
 * object keys (JS lists them first, ascending). Payloads carry members as
 * clients sent them (settings plaza does not know), so any of these occur. */
#include "events/events_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An array index as ECMAScript defines it: the canonical decimal of 0 .. 2^32 - 2. */
static int integer_like(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > 10 || strspn(k, "0123456789") != n || (k[0] == '0' && n > 1))
        return 0;
    return strtoull(k, NULL, 10) < 4294967295ULL;
}

static int by_index(const void *a, const void *b)
{
    unsigned long long x = strtoull(*(const char *const *)a, NULL, 10), y = strtoull(*(const char *const *)b, NULL, 10);
    return (x > y) - (x < y);
}

/* Puts the integer-like keys of every object first, ascending, as JS
 * enumerates them; other keys keep their order. 0 on success. */
static int order_keys(json_t *j)
{
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) if (order_keys(v) != 0) return -1;
        return 0;
    }
    if (!json_is_object(j))
        return 0;
    const char *k;
    json_t *v;
    size_t nindex = 0;
    json_object_foreach(j, k, v)
    {
        if (order_keys(v) != 0)
            return -1;
        nindex += (size_t)integer_like(k);
    }
    if (nindex == 0)
        return 0;
    const char **keys = malloc(nindex * sizeof *keys);
    json_t *copy = json_copy(j); /* holds the values while j is refilled */
    if (!keys || !copy) {
        free(keys);
        json_decref(copy);
        return -1;
    }
    size_t n = 0;
    json_object_foreach(copy, k, v) if (integer_like(k)) keys[n++] = k;
    qsort(keys, n, sizeof *keys, by_index);
    json_object_clear(j);
    for (size_t i = 0; i < n; i++)
        json_object_set(j, keys[i], json_object_get(copy, keys[i]));
    json_object_foreach(copy, k, v) if (!integer_like(k)) json_object_set(j, k, v);
    free(keys);
    json_decref(copy);
    return 0;
}

/* ECMAScript's Number::toString for a finite double: the shortest digits
 * that read back to x, in plain notation from 1e-6 up to 1e21, else with an
 * exponent ("1e+21", "1.5e-7"). */
#define JS_NUMBER_MAX 48

static void js_number(double x, char out[JS_NUMBER_MAX])
{
    if (x == 0) { /* and -0 */
        snprintf(out, JS_NUMBER_MAX, "0");
        return;
    }
    char sci[40], digits[20];
    int p = 1;
    for (; p < 17; p++) { /* %.*e rounds correctly: the first that reads back is JS's choice */
        snprintf(sci, sizeof sci, "%.*e", p - 1, x);
        if (strtod(sci, NULL) == x)
            break;
    }
    snprintf(sci, sizeof sci, "%.*e", p - 1, x);
    const char *s = sci;
    int neg = *s == '-';
    s += neg;
    int k = 0;
    for (; *s && *s != 'e'; s++)
        if (isdigit((unsigned char)*s))
            digits[k++] = *s;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = '\0';
    int n = atoi(s + 1) + 1; /* the decimal point sits after n digits */
    char *o = out;
    if (neg)
        *o++ = '-';
    size_t room = JS_NUMBER_MAX - (size_t)(o - out);
    if (k <= n && n <= 21)
        snprintf(o, room, "%s%.*s", digits, n - k, "000000000000000000000");
    else if (0 < n && n <= 21)
        snprintf(o, room, "%.*s.%s", n, digits, digits + n);
    else if (-6 < n && n <= 0)
        snprintf(o, room, "0.%.*s%s", -n, "000000", digits);
    else if (k == 1)
        snprintf(o, room, "%ce%c%d", digits[0], n - 1 < 0 ? '-' : '+', abs(n - 1));
    else
        snprintf(o, room, "%c.%se%c%d", digits[0], digits + 1, n - 1 < 0 ? '-' : '+', abs(n - 1));
}

/* Copies compact JSON text, numbers rewritten as JS writes them and the hex
 * digits of \u escapes lowered. NULL when out of memory. */
static char *js_text(const char *s)
{
    size_t cap = strlen(s) + 64, len = 0;
    char *out = malloc(cap);
    int in_string = 0;
    while (out && *s) {
        char num[JS_NUMBER_MAX];
        const char *piece = s;
        size_t n = 1;
        if (in_string) {
            if (*s == '\\') {
                n = s[1] == 'u' ? 6 : 2; /* jansson writes whole escapes */
                if (s[1] == 'u') {
                    memcpy(num, s, 6);
                    for (int i = 2; i < 6; i++)
                        num[i] = (char)tolower((unsigned char)num[i]);
                    piece = num;
                }
            } else if (*s == '"') {
                in_string = 0;
            }
        } else if (*s == '"') {
            in_string = 1;
        } else if (*s == '-' || isdigit((unsigned char)*s)) {
            n = strspn(s, "-+.eE0123456789");
            /* integers of up to 15 digits are doubles already; anything else goes through one */
            if (strcspn(s, ".eE") < n || strspn(s + (*s == '-'), "0123456789") > 15) {
                js_number(strtod(s, NULL), num);
                piece = num;
                s += n;
                n = strlen(num);
                goto append;
            }
        }
        s += n;
    append:
        if (len + n + 1 > cap) {
            cap = 2 * cap + n;
            char *grown = realloc(out, cap);
            if (!grown) {
                free(out);
                return NULL;
            }
            out = grown;
        }
        memcpy(out + len, piece, n);
        len += n;
    }
    if (out)
        out[len] = '\0';
    return out;
}

char *webhook_body(json_t *env)
{
    if (order_keys(env) != 0)
        return NULL;
    char *text = json_dumps(env, JSON_COMPACT);
    if (!text)
        return NULL;
    char *body = js_text(text);
    free(text);
    return body;
}
