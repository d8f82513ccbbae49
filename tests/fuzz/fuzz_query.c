/* Request targets: the path matched against the route table (path
 * parameters percent-decoded), the query string parsed like a form, and the
 * query values the REST API reads (page_size, page_number, next_page_token,
 * from/to dates with a time zone). The first byte picks the method, the rest
 * is the target as it arrives: "/v2/users/me/meetings?page_size=30". Also
 * signs the next_page_token value as plaza would, so that the parsing behind
 * the signature check is reached too. */
#include "api/paging.h"
#include "api/timeutil.h"
#include "fuzz.h"
#include "http/router.h"

#include <sodium.h>

static const char *const methods[] = {"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "get"};
static const char *const lists[] = {"meetings", "webinars", "recordings", "registrants", NULL};

static void read_page_token(const char *value)
{
    int64_t k1;
    char k2[65];
    struct perr e = {0};
    for (const char *const *l = lists; *l; l++)
        FUZZ_ASSERT(page_token_read(value, *l, &k1, k2, &e) != 0 || strlen(k2) <= 64);
    /* the same bytes as the payload of a token plaza signed */
    size_t n = strlen(value);
    if (n > 160)
        return;
    char token[PAGE_TOKEN_MAX], hex[CRYPTO_HASH_HEX];
    sodium_bin2base64(token, 240, (const unsigned char *)value, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    crypto_secret_hash(config()->hash_key, value, n, hex);
    size_t tl = strlen(token);
    snprintf(token + tl, sizeof token - tl, ".%.16s", hex);
    for (const char *const *l = lists; *l; l++) {
        memset(k2, 0, sizeof k2);
        if (page_token_read(token, *l, &k1, k2, &e) == 0)
            FUZZ_ASSERT(strlen(k2) <= 64);
    }
}

static void read_query(const struct http_form *q)
{
    const char *size = NULL, *number = NULL, *token = NULL, *from = NULL, *to = NULL, *tz = NULL;
    int ok = http_form_get(q, "page_size", &size) >= 0 && http_form_get(q, "page_number", &number) >= 0 &&
             http_form_get(q, "next_page_token", &token) >= 0;
    struct page_query pq;
    struct perr e = {0};
    if (ok && page_parse(size, number, token, &pq, &e) == 0) {
        FUZZ_ASSERT(pq.size >= 1 && pq.size <= PAGE_SIZE_MAX);
        FUZZ_ASSERT(pq.number >= 0);
    }
    if (token)
        read_page_token(token);
    http_form_get(q, "timezone", &tz);
    if (tz)
        tz_valid(tz);
    int64_t t;
    if (http_form_get(q, "from", &from) == 1)
        time_parse(from, tz, &t);
    if (http_form_get(q, "to", &to) == 1)
        time_parse(to, NULL, &t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (size < 1)
        return 0;
    const char *method = methods[data[0] % (sizeof methods / sizeof methods[0])];
    h2o_mem_pool_t pool;
    h2o_mem_init_pool(&pool);
    /* a copy in the pool, as h2o hands the target to plaza */
    char *target = h2o_mem_alloc_pool(&pool, size);
    memcpy(target, data + 1, size - 1);
    h2o_iovec_t path = h2o_iovec_init(target, size - 1);
    h2o_iovec_t query = {NULL, 0};
    char *qm = memchr(target, '?', size - 1);
    if (qm) {
        query = h2o_iovec_init(qm + 1, (size_t)(target + size - 1 - qm - 1));
        path.len = (size_t)(qm - target);
    }

    const struct route *route = NULL;
    const char *params[HTTP_MAX_PARAMS];
    int nparams = 0;
    enum route_match m = router_match(&pool, h2o_iovec_init(method, strlen(method)), path, &route, params, &nparams);
    if (m == ROUTE_FOUND) {
        FUZZ_ASSERT(route && nparams >= 0 && nparams <= HTTP_MAX_PARAMS);
        FUZZ_ASSERT(router_index(route) < routes_count);
        for (int i = 0; i < nparams; i++)
            FUZZ_ASSERT(params[i] != NULL);
    }
    char allow[256];
    router_allow(path, allow, sizeof allow);
    FUZZ_ASSERT(strlen(allow) < sizeof allow);
    enum surface s = router_surface_of(path);
    FUZZ_ASSERT(s >= SURFACE_OAUTH && s <= SURFACE_PLAIN);

    struct http_form q;
    struct perr e = {0};
    if (query.len && http_form_parse(&pool, query.base, query.len, &q, &e) == 0)
        read_query(&q);
    h2o_mem_clear_pool(&pool);
    return 0;
}
