/* Page tokens: base64url("list|k1|k2|expiry") + "." + 16 hex digits of a
 * keyed hash over it. */
#include "api/paging.h"
#include "core/zoom_codes.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_int(const char *s, int min, int max, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < min || v > max)
        return -1;
    *out = (int)v;
    return 0;
}

int page_parse(const char *size, const char *number, const char *token, struct page_query *out, struct perr *e)
{
    out->size = PAGE_SIZE_DEFAULT;
    out->number = 0;
    out->token = token && *token ? token : NULL;
    /* Zoom caps page_size at 300 rather than refusing larger values */
    if (size) {
        int v;
        if (parse_int(size, 1, 1000000, &v) != 0) {
            perr_field(e, "page_size", "must be a number from 1 to %d", PAGE_SIZE_MAX);
            e->zoom_code = ZOOM_VALIDATION_FAILED;
            return -1;
        }
        out->size = v > PAGE_SIZE_MAX ? PAGE_SIZE_MAX : v;
    }
    if (number && parse_int(number, 1, 1000000, &out->number) != 0) {
        perr_field(e, "page_number", "must be a positive number");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    return 0;
}

static void mac_of(const char *payload, char out[17])
{
    char hex[CRYPTO_HASH_HEX];
    crypto_secret_hash(config()->hash_key, payload, strlen(payload), hex);
    memcpy(out, hex, 16);
    out[16] = '\0';
}

void page_token_make(const char *list, int64_t k1, const char *k2, char out[PAGE_TOKEN_MAX])
{
    char payload[160], mac[17], b64[220];
    snprintf(payload, sizeof payload, "%.24s|%lld|%.64s|%lld", list, (long long)k1, k2,
             (long long)(clock_now() + PAGE_TOKEN_TTL_S));
    mac_of(payload, mac);
    crypto_b64url(b64, sizeof b64, payload, strlen(payload));
    snprintf(out, PAGE_TOKEN_MAX, "%s.%s", b64, mac);
}

int page_token_read(const char *token, const char *list, int64_t *k1, char k2[65], struct perr *e)
{
    char payload[161], mac[17];
    const char *dot = strrchr(token, '.');
    size_t len = 0;
    if (!dot || strlen(dot + 1) != 16 || strlen(token) >= PAGE_TOKEN_MAX ||
        sodium_base642bin((unsigned char *)payload, sizeof payload - 1, token, (size_t)(dot - token), NULL, &len,
                          NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        goto bad;
    payload[len] = '\0';
    mac_of(payload, mac);
    if (!crypto_equal(mac, dot + 1, 16))
        goto bad;
    char tag[32];
    long long a, expires;
    int consumed = 0;
    if (sscanf(payload, "%31[^|]|%lld|%n", tag, &a, &consumed) != 2 || strcmp(tag, list) != 0)
        goto bad;
    const char *rest = payload + consumed, *bar = strrchr(rest, '|');
    if (!bar || (size_t)(bar - rest) > 64)
        goto bad;
    memcpy(k2, rest, (size_t)(bar - rest));
    k2[bar - rest] = '\0';
    expires = atoll(bar + 1);
    if (clock_now() > expires)
        goto bad;
    *k1 = a;
    return 0;
bad:
    perr_set(e, PERR_INVALID, "The next page token is invalid or expired.");
    e->zoom_code = ZOOM_VALIDATION_FAILED;
    return -1;
}

void page_members(json_t *o, const char *next, const struct page_query *p, int64_t total, int with_number)
{
    json_object_set_new(o, "next_page_token", json_string(next));
    json_object_set_new(o, "page_count", json_integer((total + p->size - 1) / p->size));
    if (with_number)
        json_object_set_new(o, "page_number", json_integer(p->number ? p->number : 1));
    json_object_set_new(o, "page_size", json_integer(p->size));
    json_object_set_new(o, "total_records", json_integer(total));
}
