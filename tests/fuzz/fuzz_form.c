/* Form bodies (application/x-www-form-urlencoded: the token endpoint, the
 * sign-in and consent pages) and the credentials that come with them. The
 * first line of the input is the Authorization and Cookie header value, the
 * rest the body. Calls http_form_parse, http_form_get, http_basic_auth,
 * http_bearer, http_cookie and the PKCE checks a code_verifier goes through. */
#include "fuzz.h"
#include "http/http.h"
#include "oauth/oauth_internal.h"

/* RFC 7636 appendix B: the S256 challenge of "dBjftJeZ4CVP-mJ0kq3wAGqmpL3JbzH9HEQr7aVxWk". */
#define CHALLENGE "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

static const char *const names[] = {
    "grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "account_id", "client_id",
    "client_secret", "token", "email", "password", "csrf", "decision", "state", "scope", NULL,
};

static void check_form(const struct http_form *f)
{
    FUZZ_ASSERT(f->n >= 0 && f->n <= HTTP_FORM_MAX);
    for (int i = 0; i < f->n; i++) {
        /* decoded, NUL-terminated, no NUL inside: what every caller relies on */
        FUZZ_ASSERT(strlen(f->kv[i].key) == f->kv[i].key_len);
        FUZZ_ASSERT(strlen(f->kv[i].val) == f->kv[i].val_len);
    }
    for (const char *const *name = names; *name; name++) {
        const char *v = NULL;
        int got = http_form_get(f, *name, &v);
        FUZZ_ASSERT(got >= -1 && got <= 1);
        if (got == 1 && strcmp(*name, "code_verifier") == 0 && pkce_well_formed(v)) {
            pkce_verify(CHALLENGE, "S256", v);
            pkce_verify(CHALLENGE, "plain", v);
        }
    }
    if (f->n > 0) { /* the first key is found (or found twice) */
        const char *v = NULL;
        FUZZ_ASSERT(http_form_get(f, f->kv[0].key, &v) != 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    const uint8_t *nl = memchr(data, '\n', size);
    size_t hlen = nl ? (size_t)(nl - data) : 0;
    const uint8_t *body = nl ? nl + 1 : data;
    size_t blen = size - (size_t)(body - data);

    h2o_req_t h;
    memset(&h, 0, sizeof h);
    h2o_mem_init_pool(&h.pool);
    struct http_req r;
    memset(&r, 0, sizeof r);
    r.h = &h;

    struct http_form f;
    struct perr e = {0};
    if (http_form_parse(&h.pool, (const char *)body, blen, &f, &e) == 0)
        check_form(&f);
    else
        FUZZ_ASSERT(e.kind != PERR_NONE && e.message[0]);

    if (nl) {
        char *value = h2o_mem_alloc_pool(&h.pool, hlen + 1);
        memcpy(value, data, hlen);
        value[hlen] = '\0';
        h2o_add_header(&h.pool, &h.headers, H2O_TOKEN_AUTHORIZATION, NULL, value, hlen);
        h2o_add_header(&h.pool, &h.headers, H2O_TOKEN_COOKIE, NULL, value, hlen);
        char user[128], pass[256];
        int got = http_basic_auth(&r, user, sizeof user, pass, sizeof pass);
        if (got == 1)
            FUZZ_ASSERT(strlen(user) < sizeof user && strlen(pass) < sizeof pass);
        size_t blen2 = 0;
        const char *bearer = http_bearer(&r, &blen2);
        if (bearer)
            FUZZ_ASSERT(blen2 > 0 && blen2 <= hlen && bearer >= value && bearer + blen2 <= value + hlen);
        const char *c = http_cookie(&r, "plaza_session");
        if (c)
            FUZZ_ASSERT(strlen(c) <= hlen);
        http_cookie(&r, "plaza_csrf");
    }
    h2o_mem_clear_pool(&h.pool);
    return 0;
}
