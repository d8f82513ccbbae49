/* Covers market/app_urls.c: what an app URL may be, and which redirect_uri values an app's URLs admit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "market/app_urls.h"

#include <stdio.h>
#include <string.h>

static int parses(const char *url)
{
    struct url_parts u;
    return url_parse(url, &u) == 0;
}

/* strict and relaxed against a single allowed entry */
static int strict_ok(const char *uri, const char *entry)
{
    const char *allowed[] = {entry};
    return url_redirect_allowed(uri, allowed, 1, 1, 1);
}

static int relaxed_ok(const char *uri, const char *entry, int subdomain_check)
{
    const char *allowed[] = {entry};
    return url_redirect_allowed(uri, allowed, 1, 0, subdomain_check);
}

/* ---- url_parse ------------------------------------------------------------- */

static void url_parse_splits_absolute_https_url(void **state)
{
    (void)state;
    struct url_parts u;
    assert_int_equal(url_parse("https://Example.COM:8443/cb/x?a=1", &u), 0);
    assert_string_equal(u.scheme, "https");
    assert_string_equal(u.host, "example.com");
    assert_int_equal(u.port, 8443);
    assert_string_equal(u.path, "/cb/x");
    assert_int_equal(u.has_query, 1);
}

static void url_parse_fills_default_ports_and_root_path(void **state)
{
    (void)state;
    struct url_parts u;
    assert_int_equal(url_parse("https://example.com", &u), 0);
    assert_int_equal(u.port, 443);
    assert_string_equal(u.path, "/");
    assert_int_equal(u.has_query, 0);
    assert_int_equal(url_parse("http://example.com/", &u), 0);
    assert_int_equal(u.port, 80);
}

static void url_parse_refuses_relative_urls(void **state)
{
    (void)state;
    assert_false(parses("/callback"));
    assert_false(parses("callback"));
    assert_false(parses("../callback"));
    assert_false(parses("?code=1"));
    assert_false(parses(""));
}

static void url_parse_refuses_scheme_less_urls(void **state)
{
    (void)state;
    assert_false(parses("example.com/callback"));
    assert_false(parses("//example.com/callback"));
    assert_false(parses("www.example.com"));
    assert_false(parses("localhost:3000/cb"));
}

static void url_parse_refuses_userinfo(void **state)
{
    (void)state;
    assert_false(parses("https://user@example.com/cb"));
    assert_false(parses("https://user:pw@example.com/cb"));
    assert_false(parses("https://example.com@evil.com/cb"));
    assert_false(parses("https://evil.com\\@example.com/cb"));
}

static void url_parse_refuses_password_without_user(void **state)
{
    (void)state;
    assert_false(parses("https://:pw@example.com/cb"));
    assert_false(parses("https://@example.com/cb"));
}

static void url_parse_refuses_fragments(void **state)
{
    (void)state;
    assert_false(parses("https://example.com/cb#frag"));
    assert_false(parses("https://evil.com#@example.com"));
}

static void url_parse_refuses_empty_fragment(void **state)
{
    (void)state;
    assert_false(parses("https://example.com/cb#"));
}

static void url_parse_refuses_spaces_and_controls(void **state)
{
    (void)state;
    assert_false(parses("https://example.com/c b"));
    assert_false(parses(" https://example.com/cb"));
    assert_false(parses("https://example.com/cb "));
    assert_false(parses("https://example.com/c\tb"));
    assert_false(parses("https://example.com/c\nb"));
    assert_false(parses("https://example.com/c\rb"));
    assert_false(parses("https://example.com/c\x01" "b"));
    assert_false(parses("https://example.com/c\x7f" "b"));
}

static void url_parse_refuses_non_http_schemes(void **state)
{
    (void)state;
    assert_false(parses("ftp://example.com/cb"));
    assert_false(parses("javascript:alert(1)"));
    assert_false(parses("file:///etc/passwd"));
    assert_false(parses("data:text/html,hi"));
    assert_false(parses("zoommtg://zoom.us/join"));
    assert_false(parses("wss://example.com/"));
}

static void url_parse_refuses_missing_host(void **state)
{
    (void)state;
    assert_false(parses("https://"));
    assert_false(parses("https:////cb"));
    assert_false(parses("http:"));
}

/* found by tests/fuzz/fuzz_urls.c: uriparser takes escapes and sub-delimiters in a host, which a
 * browser decodes into another host than the one matched ("evil.com/.example.com") */
static void url_parse_refuses_hosts_with_escapes_or_sub_delimiters(void **state)
{
    (void)state;
    assert_false(parses("https://evil.com%2f.example.com/cb"));
    assert_false(parses("https://ex%61mple.com/"));
    assert_false(parses("https://e!am.example.com/"));
    assert_false(parses("https://a$b.example.com/"));
    const char *allowed[] = {"https://example.com/"};
    assert_false(url_redirect_allowed("https://evil.com%2f.example.com/cb", allowed, 1, 0, 0));
    assert_true(parses("https://my-app_1.example.com/cb"));
    assert_true(parses("https://[::1]:8443/cb"));
    assert_true(parses("http://127.0.0.1:3000/cb"));
}

static void url_parse_accepts_exactly_url_max_bytes_and_refuses_one_more(void **state)
{
    (void)state;
    static char url[URL_MAX + 2];
    const char *prefix = "https://example.com/";
    size_t p = strlen(prefix);
    memcpy(url, prefix, p);
    memset(url + p, 'a', URL_MAX - p);
    url[URL_MAX] = '\0';
    assert_int_equal(strlen(url), URL_MAX);
    assert_true(parses(url));
    url[URL_MAX] = 'a';
    url[URL_MAX + 1] = '\0';
    assert_false(parses(url));
}

/* ---- url_app_check --------------------------------------------------------- */

static void app_url_accepts_https_anywhere(void **state)
{
    (void)state;
    assert_null(url_app_check("https://example.com/cb"));
    assert_null(url_app_check("https://example.com:8443/oauth/callback?x=1"));
}

static void app_url_accepts_http_only_on_loopback(void **state)
{
    (void)state;
    assert_null(url_app_check("http://localhost/cb"));
    assert_null(url_app_check("http://localhost:3000/cb"));
    assert_null(url_app_check("http://LOCALHOST:3000/cb"));
    assert_null(url_app_check("http://127.0.0.1:8080/cb"));
    assert_null(url_app_check("http://127.1.2.3/cb"));
    assert_null(url_app_check("http://[::1]:3000/cb"));
}

static void app_url_refuses_http_on_public_hosts(void **state)
{
    (void)state;
    assert_non_null(url_app_check("http://example.com/cb"));
    assert_non_null(url_app_check("http://localhost.example.com/cb"));
    assert_non_null(url_app_check("http://128.0.0.1/cb"));
    assert_non_null(url_app_check("http://10.0.0.1/cb"));
    assert_non_null(url_app_check("http://[::2]/cb"));
}

static void app_url_refuses_http_on_hostname_starting_with_127(void **state)
{
    (void)state;
    assert_non_null(url_app_check("http://127.evil.com/cb"));
    assert_non_null(url_app_check("http://127.0.0.1.nip.io/cb"));
}

static void app_url_refuses_malformed_urls(void **state)
{
    (void)state;
    assert_non_null(url_app_check("/cb"));
    assert_non_null(url_app_check("example.com/cb"));
    assert_non_null(url_app_check("https://u:p@example.com/cb"));
    assert_non_null(url_app_check("https://example.com/cb#x"));
    assert_non_null(url_app_check("ftp://localhost/cb"));
}

/* ---- url_redirect_allowed, strict mode ------------------------------------- */

static void redirect_strict_mode_accepts_byte_exact_match(void **state)
{
    (void)state;
    assert_true(strict_ok("https://example.com/cb", "https://example.com/cb"));
    assert_true(strict_ok("https://example.com/cb?x=1", "https://example.com/cb?x=1"));
}

static void redirect_strict_mode_refuses_added_query(void **state)
{
    (void)state;
    assert_false(strict_ok("https://example.com/cb?x=1", "https://example.com/cb"));
    assert_false(strict_ok("https://example.com/cb?", "https://example.com/cb"));
}

static void redirect_strict_mode_refuses_changed_query(void **state)
{
    (void)state;
    assert_false(strict_ok("https://example.com/cb?x=2", "https://example.com/cb?x=1"));
    assert_false(strict_ok("https://example.com/cb", "https://example.com/cb?x=1"));
}

static void redirect_strict_mode_refuses_trailing_slash_difference(void **state)
{
    (void)state;
    assert_false(strict_ok("https://example.com/cb/", "https://example.com/cb"));
    assert_false(strict_ok("https://example.com/cb", "https://example.com/cb/"));
    assert_false(strict_ok("https://example.com/", "https://example.com"));
}

static void redirect_strict_mode_refuses_equivalent_but_different_bytes(void **state)
{
    (void)state;
    assert_false(strict_ok("https://EXAMPLE.com/cb", "https://example.com/cb"));
    assert_false(strict_ok("https://example.com:443/cb", "https://example.com/cb"));
    assert_false(strict_ok("https://example.com/other", "https://example.com/cb"));
    assert_false(strict_ok("https://app.example.com/cb", "https://example.com/cb"));
}

static void redirect_strict_mode_refuses_malformed_uri_even_if_listed(void **state)
{
    (void)state;
    assert_false(strict_ok("https://example.com/cb#x", "https://example.com/cb#x"));
    assert_false(strict_ok("/cb", "/cb"));
}

static void redirect_strict_mode_searches_every_entry(void **state)
{
    (void)state;
    const char *allowed[] = {"https://a.example.com/cb", "https://b.example.com/cb", "https://c.example.com/cb"};
    assert_true(url_redirect_allowed("https://c.example.com/cb", allowed, 3, 1, 1));
    assert_false(url_redirect_allowed("https://c.example.com/cb", allowed, 2, 1, 1));
    assert_false(url_redirect_allowed("https://c.example.com/cb", allowed, 0, 1, 1));
}

/* ---- url_redirect_allowed, relaxed mode ------------------------------------ */

static void redirect_relaxed_accepts_same_scheme_host_port_path(void **state)
{
    (void)state;
    assert_true(relaxed_ok("https://example.com/cb", "https://example.com/cb", 1));
    assert_true(relaxed_ok("https://EXAMPLE.com/cb", "https://example.com/cb", 1));
    assert_true(relaxed_ok("https://example.com:443/cb", "https://example.com/cb", 1));
}

static void redirect_relaxed_accepts_different_query(void **state)
{
    (void)state;
    assert_true(relaxed_ok("https://example.com/cb?x=1", "https://example.com/cb", 1));
    assert_true(relaxed_ok("https://example.com/cb?y=2", "https://example.com/cb?x=1", 1));
    assert_true(relaxed_ok("https://example.com/cb", "https://example.com/cb?x=1", 1));
}

static void redirect_relaxed_refuses_other_scheme(void **state)
{
    (void)state;
    assert_false(relaxed_ok("http://localhost/cb", "https://localhost/cb", 1));
    assert_false(relaxed_ok("https://localhost/cb", "http://localhost/cb", 1));
}

static void redirect_relaxed_refuses_other_port(void **state)
{
    (void)state;
    assert_false(relaxed_ok("https://example.com:8443/cb", "https://example.com/cb", 1));
    assert_false(relaxed_ok("https://example.com/cb", "https://example.com:8443/cb", 1));
    assert_false(relaxed_ok("http://localhost:3001/cb", "http://localhost:3000/cb", 1));
}

static void redirect_relaxed_refuses_other_path(void **state)
{
    (void)state;
    assert_false(relaxed_ok("https://example.com/cb2", "https://example.com/cb", 1));
    assert_false(relaxed_ok("https://example.com/cb/more", "https://example.com/cb", 1));
    assert_false(relaxed_ok("https://example.com/", "https://example.com/cb", 1));
    assert_false(relaxed_ok("https://example.com/CB", "https://example.com/cb", 1));
}

static void redirect_relaxed_refuses_trailing_slash_difference(void **state)
{
    (void)state;
    assert_false(relaxed_ok("https://example.com/cb/", "https://example.com/cb", 1));
    assert_false(relaxed_ok("https://example.com/cb", "https://example.com/cb/", 1));
}

static void redirect_relaxed_entry_without_path_allows_any_path(void **state)
{
    (void)state;
    assert_true(relaxed_ok("https://example.com/", "https://example.com", 1));
    assert_true(relaxed_ok("https://example.com/any/path?q=1", "https://example.com", 1));
    assert_true(relaxed_ok("https://example.com/cb", "https://example.com/", 1));
    /* but the origin must still match */
    assert_false(relaxed_ok("https://example.org/cb", "https://example.com", 1));
    assert_false(relaxed_ok("https://example.com:444/cb", "https://example.com", 1));
}

static void redirect_relaxed_allows_subdomain_only_without_subdomain_check(void **state)
{
    (void)state;
    assert_true(relaxed_ok("https://app.example.com/cb", "https://example.com/cb", 0));
    assert_true(relaxed_ok("https://a.b.example.com/cb", "https://example.com/cb", 0));
    assert_false(relaxed_ok("https://app.example.com/cb", "https://example.com/cb", 1));
    /* a subdomain of the entry, never the parent of it */
    assert_false(relaxed_ok("https://example.com/cb", "https://app.example.com/cb", 0));
}

static void redirect_relaxed_never_allows_lookalike_hosts(void **state)
{
    (void)state;
    for (int check = 0; check <= 1; check++) {
        assert_false(relaxed_ok("https://evilexample.com/cb", "https://example.com/cb", check));
        assert_false(relaxed_ok("https://evil-example.com/cb", "https://example.com/cb", check));
        assert_false(relaxed_ok("https://example.com.evil.com/cb", "https://example.com/cb", check));
        assert_false(relaxed_ok("https://example.co/cb", "https://example.com/cb", check));
        assert_false(relaxed_ok("https://xample.com/cb", "https://example.com/cb", check));
        assert_false(relaxed_ok("https://.example.com/cb", "https://example.com/cb", check));
        assert_false(relaxed_ok("https://evilexample.com/", "https://example.com", check));
    }
}

static void redirect_relaxed_refuses_userinfo_and_fragment_tricks(void **state)
{
    (void)state;
    assert_false(relaxed_ok("https://example.com@evil.com/cb", "https://example.com", 0));
    assert_false(relaxed_ok("https://evil.com\\@example.com/cb", "https://example.com", 0));
    assert_false(relaxed_ok("https://evil.com#@example.com/cb", "https://example.com", 0));
    assert_false(relaxed_ok("https://example.com/cb#x", "https://example.com/cb", 0));
}

static void redirect_relaxed_skips_malformed_entries(void **state)
{
    (void)state;
    const char *allowed[] = {"not a url", "/cb", "https://example.com/cb"};
    assert_true(url_redirect_allowed("https://example.com/cb", allowed, 3, 0, 1));
    assert_false(url_redirect_allowed("https://example.com/cb", allowed, 2, 0, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(url_parse_splits_absolute_https_url),
        cmocka_unit_test(url_parse_fills_default_ports_and_root_path),
        cmocka_unit_test(url_parse_refuses_relative_urls),
        cmocka_unit_test(url_parse_refuses_scheme_less_urls),
        cmocka_unit_test(url_parse_refuses_userinfo),
        cmocka_unit_test(url_parse_refuses_password_without_user),
        cmocka_unit_test(url_parse_refuses_fragments),
        cmocka_unit_test(url_parse_refuses_empty_fragment),
        cmocka_unit_test(url_parse_refuses_spaces_and_controls),
        cmocka_unit_test(url_parse_refuses_non_http_schemes),
        cmocka_unit_test(url_parse_refuses_missing_host),
        cmocka_unit_test(url_parse_refuses_hosts_with_escapes_or_sub_delimiters),
        cmocka_unit_test(url_parse_accepts_exactly_url_max_bytes_and_refuses_one_more),
        cmocka_unit_test(app_url_accepts_https_anywhere),
        cmocka_unit_test(app_url_accepts_http_only_on_loopback),
        cmocka_unit_test(app_url_refuses_http_on_public_hosts),
        cmocka_unit_test(app_url_refuses_http_on_hostname_starting_with_127),
        cmocka_unit_test(app_url_refuses_malformed_urls),
        cmocka_unit_test(redirect_strict_mode_accepts_byte_exact_match),
        cmocka_unit_test(redirect_strict_mode_refuses_added_query),
        cmocka_unit_test(redirect_strict_mode_refuses_changed_query),
        cmocka_unit_test(redirect_strict_mode_refuses_trailing_slash_difference),
        cmocka_unit_test(redirect_strict_mode_refuses_equivalent_but_different_bytes),
        cmocka_unit_test(redirect_strict_mode_refuses_malformed_uri_even_if_listed),
        cmocka_unit_test(redirect_strict_mode_searches_every_entry),
        cmocka_unit_test(redirect_relaxed_accepts_same_scheme_host_port_path),
        cmocka_unit_test(redirect_relaxed_accepts_different_query),
        cmocka_unit_test(redirect_relaxed_refuses_other_scheme),
        cmocka_unit_test(redirect_relaxed_refuses_other_port),
        cmocka_unit_test(redirect_relaxed_refuses_other_path),
        cmocka_unit_test(redirect_relaxed_refuses_trailing_slash_difference),
        cmocka_unit_test(redirect_relaxed_entry_without_path_allows_any_path),
        cmocka_unit_test(redirect_relaxed_allows_subdomain_only_without_subdomain_check),
        cmocka_unit_test(redirect_relaxed_never_allows_lookalike_hosts),
        cmocka_unit_test(redirect_relaxed_refuses_userinfo_and_fragment_tricks),
        cmocka_unit_test(redirect_relaxed_skips_malformed_entries),
    };
    return cmocka_run_group_tests_name("urls", tests, NULL, NULL);
}
