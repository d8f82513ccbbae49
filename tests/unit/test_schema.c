/* Covers api/request_schema.c: the generated query schemas and their lookup, query values read as their types,
 * integer formats, dates, and the ranges named in messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/request_schema.h"

#include <string.h>

static int setup(void **state)
{
    (void)state;
    return schema_init();
}

static int teardown(void **state)
{
    (void)state;
    schema_free();
    return 0;
}

static const char *field_message(const struct perr *e, const char *field)
{
    for (int i = 0; i < e->nfields; i++)
        if (strcmp(e->fields[i].field, field) == 0)
            return e->fields[i].message;
    return NULL;
}

static void query_schema_is_found_by_route_pattern_whatever_the_parameter_names(void **state)
{
    (void)state;
    const json_t *a = schema_query_of("GET", "/v2/meetings/{meetingId}");
    assert_non_null(a);
    assert_ptr_equal(a, schema_query_of("GET", "/meetings/{id}"));
    assert_non_null(json_object_get(json_object_get(a, "properties"), "show_previous_occurrences"));
    assert_null(schema_query_of("GET", "/v2/no/such/{thing}"));
    assert_null(schema_query_of("PUT", "/v2/meetings/{meetingId}/status")); /* no query parameters */
    char long_path[600];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[0] = '/';
    long_path[sizeof long_path - 1] = '\0';
    assert_null(schema_query_of("GET", long_path));
}

static int check(const char *method, const char *path, const char *name, const char *value, struct perr *e)
{
    memset(e, 0, sizeof *e);
    const char *names[1] = {name}, *values[1] = {value};
    return schema_validate_query(schema_query_of(method, path), names, values, 1, e);
}

static void query_booleans_are_true_or_false_only(void **state)
{
    (void)state;
    struct perr e;
    assert_int_equal(check("GET", "/v2/meetings/{meetingId}", "show_previous_occurrences", "true", &e), 0);
    assert_int_equal(check("GET", "/v2/meetings/{meetingId}", "show_previous_occurrences", "false", &e), 0);
    for (const char *const *bad = (const char *const[]){"junk", "1", "TRUE", "", " true", NULL}; *bad; bad++) {
        assert_int_equal(check("GET", "/v2/meetings/{meetingId}", "show_previous_occurrences", *bad, &e), -1);
        assert_int_equal(e.zoom_code, 300);
        assert_string_equal(e.message, "Validation Failed.");
        assert_string_equal(field_message(&e, "show_previous_occurrences"), "must be true or false");
    }
}

static void query_integers_are_whole_numbers_within_their_bounds(void **state)
{
    (void)state;
    struct perr e;
    const char *p = "/v2/users/{userId}/meetings";
    assert_int_equal(check("GET", p, "page_size", "30", &e), 0);
    assert_int_equal(check("GET", p, "page_size", "1000", &e), 0); /* capped by the handler, not refused */
    assert_int_equal(check("GET", p, "page_size", "0", &e), -1);
    assert_string_equal(field_message(&e, "page_size"), "must be from 1 to 2147483647");
    assert_int_equal(check("GET", p, "page_size", "2147483648", &e), -1);
    for (const char *const *bad = (const char *const[]){"ten", "1.5", "", "+3", "9223372036854775808", NULL}; *bad;
         bad++) {
        assert_int_equal(check("GET", p, "page_size", *bad, &e), -1);
        assert_string_equal(field_message(&e, "page_size"), "must be a whole number");
    }
    assert_int_equal(check("GET", "/v2/users/{userId}/recordings", "meeting_id", "85746065432", &e), 0); /* int64 */
    assert_int_equal(check("GET", "/v2/meetings/{meetingId}/recordings", "ttl", "604801", &e), -1);
    assert_string_equal(field_message(&e, "ttl"), "must be from 0 to 604800");
}

static void query_enums_and_dates_are_checked_and_unknown_parameters_ignored(void **state)
{
    (void)state;
    struct perr e;
    assert_int_equal(check("GET", "/v2/users/{userId}/meetings", "type", "live", &e), 0);
    assert_int_equal(check("GET", "/v2/users/{userId}/meetings", "type", "someday", &e), -1);
    assert_non_null(strstr(field_message(&e, "type"), "must be one of \"scheduled\", \"live\""));
    assert_int_equal(check("GET", "/v2/users/{userId}/meetings", "from", "2031-02-28", &e), 0);
    assert_int_equal(check("GET", "/v2/users/{userId}/meetings", "from", "2031-02-30", &e), -1);
    assert_string_equal(field_message(&e, "from"), "must be a date: yyyy-MM-dd");
    assert_int_equal(check("GET", "/v2/users/{userId}/meetings", "from", "31-12-2031", &e), -1);
    assert_int_equal(check("GET", "/v2/users/{userId}/meetings", "unheard_of", "whatever", &e), 0);
}

static void query_errors_name_every_bad_parameter(void **state)
{
    (void)state;
    struct perr e = {0};
    const char *names[] = {"page_size", "type", "from", "page_number"};
    const char *values[] = {"x", "bogus", "tomorrow", "0"};
    assert_int_equal(schema_validate_query(schema_query_of("GET", "/v2/users/{userId}/meetings"), names, values, 4, &e),
                     -1);
    assert_int_equal(e.nfields, 4);
}

static void body_durations_and_int32_integers_are_bounded(void **state)
{
    (void)state;
    const json_t *s = schema_of("meetingCreate");
    assert_non_null(s);
    static const char *const bad[] = {"{\"duration\":9223372036854775807}", "{\"duration\":-5}",
                                      "{\"duration\":1441}", "{\"recurrence\":{\"type\":3,\"monthly_day\":0}}",
                                      "{\"recurrence\":{\"type\":1,\"repeat_interval\":2147483648}}", NULL};
    for (const char *const *b = bad; *b; b++) {
        json_t *v = json_loads(*b, 0, NULL);
        assert_non_null(v);
        struct perr e = {0};
        assert_int_equal(schema_validate(s, v, &e), -1);
        json_decref(v);
    }
    json_t *v = json_loads("{\"duration\":1440,\"recurrence\":{\"type\":3,\"monthly_day\":31}}", 0, NULL);
    struct perr e = {0};
    assert_int_equal(schema_validate(s, v, &e), 0);
    json_decref(v);
    v = json_loads("{\"duration\":-5}", 0, NULL);
    assert_int_equal(schema_validate(s, v, &e), -1);
    assert_string_equal(field_message(&e, "duration"), "must be from 0 to 1440");
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(query_schema_is_found_by_route_pattern_whatever_the_parameter_names),
        cmocka_unit_test(query_booleans_are_true_or_false_only),
        cmocka_unit_test(query_integers_are_whole_numbers_within_their_bounds),
        cmocka_unit_test(query_enums_and_dates_are_checked_and_unknown_parameters_ignored),
        cmocka_unit_test(query_errors_name_every_bad_parameter),
        cmocka_unit_test(body_durations_and_int32_integers_are_bounded),
    };
    return cmocka_run_group_tests_name("schema", tests, setup, teardown);
}
