/* A recording's links: the Range header a download answers by (against a
 * file size taken from the input's first bytes), and the share token of a
 * share_url page. The first byte picks which; for ranges the next four are
 * the size, the rest the header's value; for share tokens the rest is the
 * token, and also a UUID whose token plaza makes and must read back. */
#include "api/api.h"
#include "fuzz.h"
#include "http/http.h"

#include <strings.h>

static void range(const uint8_t *data, size_t size)
{
    if (size < 4)
        return;
    size_t body = (size_t)data[0] | (size_t)data[1] << 8 | (size_t)data[2] << 16 | (size_t)(data[3] & 0x7f) << 24;
    char *h = fuzz_strndup(data + 4, size - 4);
    if (!h)
        return;
    size_t first = 0, last = 0;
    enum http_range r = http_range_parse(h, size - 4, body, &first, &last);
    if (r == RANGE_ONE)
        FUZZ_ASSERT(body > 0 && first <= last && last < body);
    FUZZ_ASSERT(http_range_parse(NULL, 0, body, &first, &last) == RANGE_NONE);
    free(h);
}

static void share(const uint8_t *data, size_t size)
{
    char *token = fuzz_strndup(data, size);
    if (!token)
        return;
    char uuid[32], again[RECORDING_SHARE_TOKEN_MAX];
    if (recording_share_parse(token, uuid) == 0) {
        /* a token read is the one plaza makes for its UUID (hex in either case) */
        FUZZ_ASSERT(strlen(uuid) >= 1 && strlen(uuid) <= 31);
        recording_share_token(uuid, again);
        FUZZ_ASSERT(strcasecmp(again, token) == 0);
    }
    /* the bytes as a UUID: its token reads back to it */
    if (size >= 1 && size <= 31 && !memchr(data, '\0', size)) {
        recording_share_token(token, again);
        FUZZ_ASSERT(recording_share_parse(again, uuid) == 0 && strcmp(uuid, token) == 0);
    }
    free(token);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (size < 1)
        return 0;
    if (data[0] & 1)
        range(data + 1, size - 1);
    else
        share(data + 1, size - 1);
    return 0;
}
