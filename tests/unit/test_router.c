/* Covers http/router.c against the real route table (http/routes.c): matching, path parameters, surfaces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/router.h"

#include <string.h>

struct fixture {
    h2o_mem_pool_t pool;
    const struct route *route;
    const char *params[HTTP_MAX_PARAMS];
    int nparams;
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

static enum route_match match(struct fixture *f, const char *method, const char *path)
{
    memset(f->params, 0, sizeof f->params);
    return router_match(&f->pool, h2o_iovec_init(method, strlen(method)), h2o_iovec_init(path, strlen(path)),
                        &f->route, f->params, &f->nparams);
}

static enum surface surface_of(const char *path) { return router_surface_of(h2o_iovec_init(path, strlen(path))); }

static void router_matches_literal_routes(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "POST", "/oauth/token"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/oauth/token");
    assert_string_equal(f->route->method, "POST");
    assert_int_equal(f->route->surface, SURFACE_OAUTH);
    assert_int_equal(f->nparams, 0);

    assert_int_equal(match(f, "GET", "/healthz"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/healthz");
    assert_int_equal(f->route->surface, SURFACE_PLAIN);

    assert_int_equal(match(f, "GET", "/_plaza/accounts"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/_plaza/accounts");
    assert_int_equal(f->route->surface, SURFACE_CONTROL);
    assert_true(f->route->flags & ROUTE_ADMIN);
}

static void router_captures_param_segment(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/v2/users/me"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/v2/users/{userId}");
    assert_int_equal(f->route->surface, SURFACE_API);
    assert_true(f->route->flags & ROUTE_TOKEN);
    assert_int_equal(f->nparams, 1);
    assert_string_equal(f->params[0], "me");
}

static void router_captures_several_params_in_route_order(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "POST", "/_plaza/apps/app123/credentials/production/secret"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/_plaza/apps/{appId}/credentials/{env}/secret");
    assert_int_equal(f->nparams, 2);
    assert_string_equal(f->params[0], "app123");
    assert_string_equal(f->params[1], "production");
}

static void router_prefers_route_with_matching_literal_after_param(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/_plaza/accounts/acc1/users"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/_plaza/accounts/{accountId}/users");
    assert_int_equal(f->nparams, 1);
    assert_string_equal(f->params[0], "acc1");
    assert_int_equal(match(f, "GET", "/_plaza/accounts/acc1"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/_plaza/accounts/{accountId}");
    assert_int_equal(match(f, "GET", "/v2/users/me/meetings"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/v2/users/{userId}/meetings");
    assert_string_equal(f->params[0], "me");
    assert_int_equal(match(f, "PUT", "/v2/meetings/85746065432/status"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/v2/meetings/{meetingId}/status");
    assert_string_equal(f->params[0], "85746065432");
}

static void router_percent_decodes_params(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/v2/users/jane%40example.com"), ROUTE_FOUND);
    assert_string_equal(f->params[0], "jane@example.com");
    /* an encoded slash is data, not a separator */
    assert_int_equal(match(f, "GET", "/v2/users/a%2Fb"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/v2/users/{userId}");
    assert_string_equal(f->params[0], "a/b");
    /* utf-8 */
    assert_int_equal(match(f, "GET", "/v2/users/%C3%A9"), ROUTE_FOUND);
    assert_string_equal(f->params[0], "\xc3\xa9");
}

static void router_decodes_double_encoded_uuid_once(void **state)
{
    struct fixture *f = *state;
    /* Zoom: a meeting UUID starting with '/' or containing '//' is sent double-encoded */
    assert_int_equal(match(f, "GET", "/v2/meetings/%252Fabc%253D%253D"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/v2/meetings/{meetingId}");
    assert_int_equal(f->nparams, 1);
    assert_string_equal(f->params[0], "%2Fabc%3D%3D");
    /* singly encoded, the slash is decoded but still one segment */
    assert_int_equal(match(f, "DELETE", "/v2/meetings/%2Fabc%3D%3D"), ROUTE_FOUND);
    assert_string_equal(f->route->pattern, "/v2/meetings/{meetingId}");
    assert_string_equal(f->params[0], "/abc==");
    /* not encoded, the slash splits the path and names another route, or none */
    assert_int_equal(match(f, "GET", "/v2/meetings//abc=="), ROUTE_NO_PATH);
}

static void router_keeps_plus_in_params(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/v2/users/a+b"), ROUTE_FOUND);
    assert_string_equal(f->params[0], "a+b");
}

static void router_refuses_encoded_nul_in_params(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/v2/users/a%00b"), ROUTE_NO_PATH);
    assert_null(f->route);
    assert_int_equal(match(f, "GET", "/v2/users/%00"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "DELETE", "/_plaza/apps/%00"), ROUTE_NO_PATH);
}

static void router_does_not_match_trailing_slash(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "POST", "/oauth/token/"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "GET", "/healthz/"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "GET", "/_plaza/accounts/"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "GET", "/v2/users/me/"), ROUTE_NO_PATH);
}

static void router_does_not_match_empty_param(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/v2/users/"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "GET", "/_plaza/accounts//users"), ROUTE_NO_PATH);
}

static void router_does_not_match_extra_or_missing_segments(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/v2/users/me/extra/more"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "GET", "/v2//users/me"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "POST", "/oauth"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "POST", "/oauth/tokenx"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "POST", "/oauth/toke"), ROUTE_NO_PATH);
}

static void router_literal_segments_are_case_sensitive(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/V2/users/me"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "GET", "/HEALTHZ"), ROUTE_NO_PATH);
}

static void router_refuses_paths_without_leading_slash(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", ""), ROUTE_NO_PATH);
    assert_int_equal(match(f, "GET", "healthz"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "GET", "v2/users/me"), ROUTE_NO_PATH);
}

static void router_refuses_very_deep_paths(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z"), ROUTE_NO_PATH);
}

static void router_reports_wrong_method_as_no_method(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/oauth/token"), ROUTE_NO_METHOD);
    assert_non_null(f->route);
    assert_int_equal(f->route->surface, SURFACE_OAUTH);

    assert_int_equal(match(f, "PUT", "/v2/users/me"), ROUTE_NO_METHOD);
    assert_non_null(f->route);
    assert_int_equal(f->route->surface, SURFACE_API);
    assert_int_equal(f->nparams, 0);

    assert_int_equal(match(f, "PUT", "/_plaza/accounts"), ROUTE_NO_METHOD);
    assert_int_equal(f->route->surface, SURFACE_CONTROL);
}

static void router_method_is_case_sensitive(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "get", "/healthz"), ROUTE_NO_METHOD);
    assert_int_equal(match(f, "GETX", "/healthz"), ROUTE_NO_METHOD);
    assert_int_equal(match(f, "GE", "/healthz"), ROUTE_NO_METHOD);
}

static void router_finds_later_route_with_same_path_and_other_method(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "DELETE", "/_plaza/accounts/acc1"), ROUTE_FOUND);
    assert_string_equal(f->route->method, "DELETE");
    assert_string_equal(f->params[0], "acc1");
    assert_int_equal(match(f, "PATCH", "/_plaza/apps/app1"), ROUTE_FOUND);
    assert_string_equal(f->route->method, "PATCH");
    assert_int_equal(match(f, "POST", "/_plaza/clock"), ROUTE_FOUND);
    assert_string_equal(f->route->method, "POST");
}

static void router_reports_unknown_path_as_no_path(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(match(f, "GET", "/"), ROUTE_NO_PATH);
    assert_null(f->route);
    assert_int_equal(match(f, "GET", "/nope"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "GET", "/v2/nope/1"), ROUTE_NO_PATH);
    assert_int_equal(match(f, "GET", "/_plaza/nope"), ROUTE_NO_PATH);
}

static void router_index_is_table_position(void **state)
{
    (void)state;
    for (size_t i = 0; i < routes_count; i++)
        assert_int_equal(router_index(&routes[i]), i);
}

static void every_route_matches_its_own_pattern(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < routes_count; i++) {
        /* put "x" in every capture */
        char path[256];
        size_t n = 0;
        for (const char *p = routes[i].pattern; *p && n < sizeof path - 2;) {
            if (*p == '{') {
                path[n++] = 'x';
                p = strchr(p, '}') + 1;
            } else {
                path[n++] = *p++;
            }
        }
        path[n] = '\0';
        assert_int_equal(match(f, routes[i].method, path), ROUTE_FOUND);
        if (f->route != &routes[i])
            fail_msg("%s %s matched %s %s", routes[i].method, path, f->route->method, f->route->pattern);
    }
}

static void surface_of_prefixes(void **state)
{
    (void)state;
    assert_int_equal(surface_of("/v2"), SURFACE_API);
    assert_int_equal(surface_of("/v2/"), SURFACE_API);
    assert_int_equal(surface_of("/v2/users/me"), SURFACE_API);
    assert_int_equal(surface_of("/v2/anything/unknown"), SURFACE_API);
    assert_int_equal(surface_of("/oauth/anything"), SURFACE_OAUTH);
    assert_int_equal(surface_of("/_plaza"), SURFACE_CONTROL);
    assert_int_equal(surface_of("/_plaza/unknown"), SURFACE_CONTROL);
    assert_int_equal(surface_of("/marketplace/apps"), SURFACE_PAGE);
    assert_int_equal(surface_of("/"), SURFACE_PLAIN);
    assert_int_equal(surface_of("/healthz"), SURFACE_PLAIN);
    assert_int_equal(surface_of(""), SURFACE_PLAIN);
}

static void surface_of_needs_whole_prefix_segment(void **state)
{
    (void)state;
    assert_int_equal(surface_of("/v2x"), SURFACE_PLAIN);
    assert_int_equal(surface_of("/v20/users"), SURFACE_PLAIN);
    assert_int_equal(surface_of("/oauthx/token"), SURFACE_PLAIN);
    assert_int_equal(surface_of("/_plazax"), SURFACE_PLAIN);
    assert_int_equal(surface_of("/_plaza_x/a"), SURFACE_PLAIN);
    assert_int_equal(surface_of("/marketplacex"), SURFACE_PLAIN);
    assert_int_equal(surface_of("/V2/users"), SURFACE_PLAIN);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(router_matches_literal_routes),
        T(router_captures_param_segment),
        T(router_captures_several_params_in_route_order),
        T(router_prefers_route_with_matching_literal_after_param),
        T(router_percent_decodes_params),
        T(router_decodes_double_encoded_uuid_once),
        T(router_keeps_plus_in_params),
        T(router_refuses_encoded_nul_in_params),
        T(router_does_not_match_trailing_slash),
        T(router_does_not_match_empty_param),
        T(router_does_not_match_extra_or_missing_segments),
        T(router_literal_segments_are_case_sensitive),
        T(router_refuses_paths_without_leading_slash),
        T(router_refuses_very_deep_paths),
        T(router_reports_wrong_method_as_no_method),
        T(router_method_is_case_sensitive),
        T(router_finds_later_route_with_same_path_and_other_method),
        T(router_reports_unknown_path_as_no_path),
        T(router_index_is_table_position),
        T(every_route_matches_its_own_pattern),
        T(surface_of_prefixes),
        T(surface_of_needs_whole_prefix_segment),
    };
    return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
