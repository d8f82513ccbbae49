/* Covers http/hosts.c (which of Zoom's hostnames a Host header names, and
 * what each serves), http/prelude.c's CONNECT target parser, and
 * core/urls.c (the origins written into URLs per request). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/config.h"
#include "core/urls.h"
#include "http/hosts.h"
#include "http/prelude.h"

#include <string.h>

static enum zoom_host classify(const char *s, int *port) { return hosts_classify(s, strlen(s), port); }

static void zoom_hosts_in_any_spelling(void **state)
{
    (void)state;
    int port;
    assert_int_equal(classify("zoom.us", &port), HOST_WEB);
    assert_int_equal(port, 0);
    assert_int_equal(classify("ZOOM.US.", &port), HOST_WEB);
    assert_int_equal(classify("us05web.zoom.us:443", &port), HOST_WEB);
    assert_int_equal(port, 443);
    assert_int_equal(classify("Api.Zoom.Us:8443", &port), HOST_API);
    assert_int_equal(port, 8443);
    assert_int_equal(classify("marketplace.zoom.us", &port), HOST_MARKETPLACE);
}

static void other_hosts_are_plazas_own(void **state)
{
    (void)state;
    const char *others[] = {"", "127.0.0.1:8080", "[::1]:8080", "notzoom.us", "zoom.us.evil.test", "zoom.usx",
                            "localhost", "notzoom.us:443"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        int port = -1;
        assert_int_equal(classify(others[i], &port), HOST_OTHER);
        assert_int_equal(port, 0);
    }
}

static void a_zoom_name_with_a_bad_port_is_still_zooms(void **state)
{
    (void)state;
    const char *bad[] = {"zoom.us:", "zoom.us:0", "zoom.us:65536", "zoom.us:12a", "zoom.us:999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int port = -1;
        assert_int_equal(classify(bad[i], &port), HOST_WEB);
        assert_int_equal(port, 0);
    }
}

static void each_host_serves_its_paths(void **state)
{
    (void)state;
    assert_null(hosts_refusal(HOST_API, "/v2/users/me", 12));
    assert_non_null(strstr(hosts_refusal(HOST_API, "/oauth/token", 12), "zoom.us"));
    assert_null(hosts_refusal(HOST_WEB, "/oauth/token", 12));
    assert_null(hosts_refusal(HOST_WEB, "/j/123", 6));
    assert_non_null(strstr(hosts_refusal(HOST_WEB, "/v2/users", 9), "api.zoom.us"));
    assert_non_null(hosts_refusal(HOST_WEB, "/_plaza/apps", 12));
    assert_non_null(hosts_refusal(HOST_API, "/_plaza", 7));
    assert_non_null(hosts_refusal(HOST_MARKETPLACE, "/", 1));
    assert_null(hosts_refusal(HOST_OTHER, "/_plaza/apps", 12));
    assert_non_null(hosts_refusal(HOST_WEB, "/v2x", 4)); /* a prefix of a served path is not served */
}

static int authority(const char *s, char host[256], int *port) { return prelude_authority(s, strlen(s), host, 256, port); }

static void connect_targets(void **state)
{
    (void)state;
    char host[256];
    int port;
    assert_int_equal(authority("Zoom.US.:443", host, &port), 0);
    assert_string_equal(host, "zoom.us");
    assert_int_equal(port, 443);
    assert_int_equal(authority("[::1]:8443", host, &port), 0);
    assert_string_equal(host, "::1");
    assert_int_equal(port, 8443);
    const char *bad[] = {"zoom.us", "zoom.us:", ":443", "zoom.us:0", "zoom.us:65536", "zoom.us:44a", "::1:443",
                         "[::1]443", "[::1", "zoom.us..:443", ".zoom.us:443", "a b:443", "zoom.us/x:443", "a@b:1",
                         "zoom.us:443443"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_not_equal(authority(bad[i], host, &port), 0);
}

static int origin(const char *host, char out[300]) { return prelude_https_origin(host, strlen(host), 8443, out, 300); }

static void plain_http_on_the_tls_port_is_told_the_https_origin_of_its_host(void **state)
{
    (void)state;
    char out[300];
    assert_int_equal(origin("zoom.us", out), 0);
    assert_string_equal(out, "zoom.us:8443");
    assert_int_equal(origin("API.Zoom.US:443", out), 0);
    assert_string_equal(out, "api.zoom.us:443");
    assert_int_equal(origin("127.0.0.1", out), 0);
    assert_string_equal(out, "127.0.0.1:8443");
    assert_int_equal(origin("[::1]", out), 0);
    assert_string_equal(out, "[::1]:8443");
    assert_int_equal(origin("[::1]:9000", out), 0);
    assert_string_equal(out, "[::1]:9000");
    assert_int_equal(origin("zoom.us.", out), 0);
    assert_string_equal(out, "zoom.us:8443");
    const char *bad[] = {"", "<b>x</b>", "zoom.us:0", "zoom.us:99999", "zoom.us:x", "::1", "a b", "zoom.us/x",
                         "evil\"x", "user@zoom.us", "zoom..us", "[::1", "_zoom.us"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(origin(bad[i], out), -1);
    char longest[300];
    memset(longest, 'a', 256);
    longest[256] = '\0';
    assert_int_equal(origin(longest, out), -1);
    char small[8];
    assert_int_equal(prelude_https_origin("zoom.us", 7, 8443, small, sizeof small), -1);
}

static void urls_follow_the_request(void **state)
{
    (void)state;
    struct config *c = config_edit();
    snprintf(c->public_url, sizeof c->public_url, "http://127.0.0.1:8080");
    c->tls_on = c->proxy_on = 0;
    assert_string_equal(urls_web(), "http://127.0.0.1:8080");
    urls_begin_request(1, 0);
    assert_string_equal(urls_web(), "https://zoom.us");
    assert_string_equal(urls_api(), "https://api.zoom.us");
    urls_begin_request(1, 8443);
    assert_string_equal(urls_api(), "https://api.zoom.us:8443");
    urls_begin_request(1, 443);
    assert_string_equal(urls_web(), "https://zoom.us");
    urls_end_request();
    assert_string_equal(urls_api(), "http://127.0.0.1:8080");
    c->tls_on = 1;
    c->tls_listen_port = 8443;
    assert_string_equal(urls_web(), "https://zoom.us:8443"); /* outside a request, plaza serving Zoom's names */
    c->proxy_on = 1;
    assert_string_equal(urls_api(), "https://api.zoom.us"); /* through the proxy, clients are at 443 */
    c->tls_on = c->proxy_on = 0;
}

/* With Zoom's hostnames served, a request to plaza's own origin still gets the
 * public URL: its client reached plaza there, not at zoom.us. */
static void a_request_to_plazas_origin_gets_the_public_url_when_zooms_names_are_served(void **state)
{
    (void)state;
    struct config *c = config_edit();
    snprintf(c->public_url, sizeof c->public_url, "http://127.0.0.1:8080");
    c->tls_on = 1;
    c->tls_listen_port = 8443;
    urls_begin_request(0, 0);
    assert_string_equal(urls_api(), "http://127.0.0.1:8080");
    assert_string_equal(urls_web(), "http://127.0.0.1:8080");
    urls_begin_request(1, 8443);
    assert_string_equal(urls_api(), "https://api.zoom.us:8443");
    urls_end_request();
    assert_string_equal(urls_api(), "https://api.zoom.us:8443"); /* outside a request: Zoom's */
    c->tls_on = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zoom_hosts_in_any_spelling), cmocka_unit_test(other_hosts_are_plazas_own),
        cmocka_unit_test(a_zoom_name_with_a_bad_port_is_still_zooms),
        cmocka_unit_test(each_host_serves_its_paths), cmocka_unit_test(connect_targets),
        cmocka_unit_test(urls_follow_the_request),
        cmocka_unit_test(a_request_to_plazas_origin_gets_the_public_url_when_zooms_names_are_served),
        cmocka_unit_test(plain_http_on_the_tls_port_is_told_the_https_origin_of_its_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
