/* Covers http_form_parse and http_form_get (http/request.c): x-www-form-urlencoded decoding and its refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/http.h"

#include <stdio.h>
#include <string.h>

struct fixture {
    h2o_mem_pool_t pool;
    struct http_form form;
    struct perr err;
};

static int setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof f);
    h2o_mem_init_pool(&f.pool);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    h2o_mem_clear_pool(&f->pool);
    return 0;
}

static int parse(struct fixture *f, const char *s)
{
    memset(&f->err, 0, sizeof f->err);
    return http_form_parse(&f->pool, s, strlen(s), &f->form, &f->err);
}

static const char *get(struct fixture *f, const char *key)
{
    const char *v = NULL;
    return http_form_get(&f->form, key, &v) == 1 ? v : NULL;
}

static void form_decodes_simple_pairs_in_order(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(parse(f, "grant_type=authorization_code&code=abc&redirect_uri=x"), 0);
    assert_int_equal(f->form.n, 3);
    assert_string_equal(f->form.kv[0].key, "grant_type");
    assert_string_equal(f->form.kv[0].val, "authorization_code");
    assert_int_equal(f->form.kv[0].key_len, 10);
    assert_int_equal(f->form.kv[0].val_len, 18);
    assert_string_equal(get(f, "code"), "abc");
    assert_string_equal(get(f, "redirect_uri"), "x");
}

static void form_decodes_plus_as_space(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(parse(f, "scope=meeting:read+user:read&a+b=c"), 0);
    assert_string_equal(get(f, "scope"), "meeting:read user:read");
    assert_string_equal(get(f, "a b"), "c");
}

static void form_keeps_encoded_plus_as_plus(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(parse(f, "v=a%2Bb&w=%2b"), 0);
    assert_string_equal(get(f, "v"), "a+b");
    assert_string_equal(get(f, "w"), "+");
}

static void form_decodes_percent_escapes(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(parse(f, "redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1%26y%3D2&%6B%65%79=%20"), 0);
    assert_string_equal(get(f, "redirect_uri"), "https://example.com/cb?x=1&y=2");
    assert_string_equal(get(f, "key"), " ");
    assert_int_equal(f->form.kv[1].val_len, 1);
}

static void form_decodes_each_escape_once(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(parse(f, "id=%252Fabc%253D%253D"), 0);
    assert_string_equal(get(f, "id"), "%2Fabc%3D%3D");
}

static void form_accepts_valid_utf8(void **state)
{
    struct fixture *f = *state;
    /* é, €, 𝄞 */
    assert_int_equal(parse(f, "name=%C3%A9%E2%82%AC%F0%9D%84%9E"), 0);
    assert_string_equal(get(f, "name"), "\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e");
    assert_int_equal(f->form.kv[0].val_len, 9);
}

static void form_refuses_lone_percent(void **state)
{
    struct fixture *f = *state;
    assert_int_not_equal(parse(f, "a=%"), 0);
    assert_int_not_equal(parse(f, "%=a"), 0);
    assert_int_not_equal(parse(f, "a=100%"), 0);
    assert_int_not_equal(parse(f, "a=50%&b=1"), 0);
}

static void form_refuses_truncated_escape(void **state)
{
    struct fixture *f = *state;
    assert_int_not_equal(parse(f, "a=%4"), 0);
    assert_int_not_equal(parse(f, "a=%4&b=1"), 0);
    assert_int_not_equal(parse(f, "a%4=1"), 0);
}

static void form_refuses_non_hex_escape(void **state)
{
    struct fixture *f = *state;
    assert_int_not_equal(parse(f, "a=%zz"), 0);
    assert_int_not_equal(parse(f, "a=%4g"), 0);
    assert_int_not_equal(parse(f, "a=%g4"), 0);
    assert_int_not_equal(parse(f, "a=%+1"), 0);
}

static void form_refuses_encoded_nul(void **state)
{
    struct fixture *f = *state;
    assert_int_not_equal(parse(f, "a=%00"), 0);
    assert_int_not_equal(parse(f, "a=x%00y"), 0);
    assert_int_not_equal(parse(f, "a%00=1"), 0);
}

static void form_refuses_raw_nul(void **state)
{
    struct fixture *f = *state;
    const char s[] = "a=x\0y";
    memset(&f->err, 0, sizeof f->err);
    assert_int_not_equal(http_form_parse(&f->pool, s, sizeof s - 1, &f->form, &f->err), 0);
}

static void form_refuses_invalid_utf8(void **state)
{
    struct fixture *f = *state;
    assert_int_not_equal(parse(f, "a=%C3%28"), 0);     /* bad continuation byte */
    assert_int_not_equal(parse(f, "a=%FF"), 0);        /* never valid */
    assert_int_not_equal(parse(f, "a=%C3"), 0);        /* truncated sequence */
    assert_int_not_equal(parse(f, "a=%80"), 0);        /* lone continuation byte */
    assert_int_not_equal(parse(f, "a=%C0%AF"), 0);     /* overlong '/' */
    assert_int_not_equal(parse(f, "a=%ED%A0%80"), 0);  /* UTF-16 surrogate */
    assert_int_not_equal(parse(f, "%FF=a"), 0);        /* in a key too */
    assert_int_not_equal(parse(f, "a=\xff"), 0);       /* raw, not escaped */
}

static void form_refusal_names_the_problem(void **state)
{
    struct fixture *f = *state;
    assert_int_not_equal(parse(f, "a=%zz"), 0);
    assert_int_equal(f->err.kind, PERR_INVALID);
    assert_true(f->err.message[0] != '\0');
    assert_int_not_equal(parse(f, "a=%FF"), 0);
    assert_int_equal(f->err.kind, PERR_INVALID);
    assert_true(f->err.message[0] != '\0');
}

static void form_accepts_exactly_form_max_pairs(void **state)
{
    struct fixture *f = *state;
    char s[HTTP_FORM_MAX * 16];
    size_t n = 0;
    for (int i = 0; i < HTTP_FORM_MAX; i++)
        n += (size_t)snprintf(s + n, sizeof s - n, "%sk%d=%d", i ? "&" : "", i, i);
    assert_int_equal(parse(f, s), 0);
    assert_int_equal(f->form.n, HTTP_FORM_MAX);
    char key[16];
    snprintf(key, sizeof key, "k%d", HTTP_FORM_MAX - 1);
    assert_non_null(get(f, key));
}

static void form_refuses_more_than_form_max_pairs(void **state)
{
    struct fixture *f = *state;
    char s[(HTTP_FORM_MAX + 1) * 16];
    size_t n = 0;
    for (int i = 0; i <= HTTP_FORM_MAX; i++)
        n += (size_t)snprintf(s + n, sizeof s - n, "%sk%d=%d", i ? "&" : "", i, i);
    assert_int_not_equal(parse(f, s), 0);
    assert_int_equal(f->err.kind, PERR_LIMIT);
}

static void form_does_not_count_empty_pairs_toward_the_limit(void **state)
{
    struct fixture *f = *state;
    char s[HTTP_FORM_MAX * 16 + 256];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        s[n++] = '&';
    for (int i = 0; i < HTTP_FORM_MAX; i++)
        n += (size_t)snprintf(s + n, sizeof s - n, "k%d=%d&&", i, i);
    assert_int_equal(parse(f, s), 0);
    assert_int_equal(f->form.n, HTTP_FORM_MAX);
}

static void form_skips_empty_pairs(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(parse(f, "&&a=1&&&b=2&"), 0);
    assert_int_equal(f->form.n, 2);
    assert_string_equal(get(f, "a"), "1");
    assert_string_equal(get(f, "b"), "2");
    assert_int_equal(parse(f, ""), 0);
    assert_int_equal(f->form.n, 0);
    assert_int_equal(parse(f, "&"), 0);
    assert_int_equal(f->form.n, 0);
}

static void form_key_without_equals_has_empty_value(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(parse(f, "flag&a="), 0);
    assert_int_equal(f->form.n, 2);
    assert_string_equal(get(f, "flag"), "");
    assert_int_equal(f->form.kv[0].val_len, 0);
    assert_string_equal(get(f, "a"), "");
    assert_int_equal(f->form.kv[1].val_len, 0);
}

static void form_value_keeps_later_equals_signs(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(parse(f, "state=a=b==&x=1"), 0);
    assert_string_equal(get(f, "state"), "a=b==");
}

static void form_parses_only_the_given_length(void **state)
{
    struct fixture *f = *state;
    const char *s = "a=1&b=2";
    memset(&f->err, 0, sizeof f->err);
    assert_int_equal(http_form_parse(&f->pool, s, 3, &f->form, &f->err), 0);
    assert_int_equal(f->form.n, 1);
    assert_string_equal(get(f, "a"), "1");
    assert_null(get(f, "b"));
}

static void form_get_reports_absent_key_as_zero(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(parse(f, "a=1"), 0);
    const char *v = "untouched";
    assert_int_equal(http_form_get(&f->form, "b", &v), 0);
    assert_int_equal(http_form_get(&f->form, "A", &v), 0);
    assert_int_equal(http_form_get(&f->form, "", &v), 0);
    assert_string_equal(v, "untouched");
}

static void form_get_reports_duplicate_key_as_minus_one(void **state)
{
    struct fixture *f = *state;
    const char *v;
    assert_int_equal(parse(f, "code=1&x=2&code=3"), 0);
    assert_int_equal(http_form_get(&f->form, "code", &v), -1);
    assert_int_equal(http_form_get(&f->form, "x", &v), 1);
    assert_string_equal(v, "2");
    /* the same value twice is still two values */
    assert_int_equal(parse(f, "code=1&code=1"), 0);
    assert_int_equal(http_form_get(&f->form, "code", &v), -1);
}

static void form_get_compares_decoded_keys_for_duplicates(void **state)
{
    struct fixture *f = *state;
    const char *v;
    assert_int_equal(parse(f, "code=1&%63ode=2"), 0);
    assert_int_equal(http_form_get(&f->form, "code", &v), -1);
    assert_int_equal(parse(f, "a+b=1&a%20b=2"), 0);
    assert_int_equal(http_form_get(&f->form, "a b", &v), -1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(form_decodes_simple_pairs_in_order),
        T(form_decodes_plus_as_space),
        T(form_keeps_encoded_plus_as_plus),
        T(form_decodes_percent_escapes),
        T(form_decodes_each_escape_once),
        T(form_accepts_valid_utf8),
        T(form_refuses_lone_percent),
        T(form_refuses_truncated_escape),
        T(form_refuses_non_hex_escape),
        T(form_refuses_encoded_nul),
        T(form_refuses_raw_nul),
        T(form_refuses_invalid_utf8),
        T(form_refusal_names_the_problem),
        T(form_accepts_exactly_form_max_pairs),
        T(form_refuses_more_than_form_max_pairs),
        T(form_does_not_count_empty_pairs_toward_the_limit),
        T(form_skips_empty_pairs),
        T(form_key_without_equals_has_empty_value),
        T(form_value_keeps_later_equals_signs),
        T(form_parses_only_the_given_length),
        T(form_get_reports_absent_key_as_zero),
        T(form_get_reports_duplicate_key_as_minus_one),
        T(form_get_compares_decoded_keys_for_duplicates),
    };
    return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}
