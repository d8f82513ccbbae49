/* Covers http/multipart.c: the boundary of a Content-Type value, finding a
 * named part, and the refusals (no closing boundary, a part twice, no
 * Content-Disposition, over-long names). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/multipart.h"

#include <stdio.h>
#include <string.h>

#define B "xYzZY"

static void boundary_plain_quoted_and_refused(void **state)
{
    (void)state;
    char b[MULTIPART_BOUNDARY_MAX + 1];
    const char *ok[] = {"multipart/form-data; boundary=" B, "Multipart/Form-Data;boundary=\"" B "\"",
                        "multipart/form-data; charset=utf-8; boundary=" B};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(multipart_boundary(ok[i], strlen(ok[i]), b), 0);
        assert_string_equal(b, B);
    }
    char long_one[200];
    snprintf(long_one, sizeof long_one, "multipart/form-data; boundary=%071d", 0);
    const char *bad[] = {"multipart/form-data", "multipart/mixed; boundary=" B, "multipart/form-dataX; boundary=a",
                         "multipart/form-data; boundary=", "multipart/form-data; boundary=\"unterminated",
                         "multipart/form-data; boundary=a{b", long_one, "application/json"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(multipart_boundary(bad[i], strlen(bad[i]), b), -1);
}

static int find(const char *body, const char *name, struct multipart_part *p, struct perr *e)
{
    memset(e, 0, sizeof *e);
    return multipart_find(body, strlen(body), B, name, p, e);
}

static void finds_the_named_part_with_its_filename_and_type(void **state)
{
    (void)state;
    const char *body = "preamble\r\n--" B "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                       "--" B "\r\ncontent-disposition: form-data; name=\"pic_file\"; filename=\"a \\\"b\\\".png\"\r\n"
                       "Content-Type: image/png\r\n\r\n\x89PNG\r\n--not-the-boundary\r\n--" B "--\r\n";
    struct multipart_part p;
    struct perr e;
    assert_int_equal(find(body, "pic_file", &p, &e), 1);
    assert_string_equal(p.filename, "a \"b\".png");
    assert_true(p.has_filename);
    assert_string_equal(p.content_type, "image/png");
    assert_int_equal(p.len, strlen("\x89PNG\r\n--not-the-boundary"));
    assert_memory_equal(p.data, "\x89PNG\r\n--not-the-boundary", p.len);
    assert_int_equal(find(body, "note", &p, &e), 1);
    assert_false(p.has_filename);
    assert_int_equal(p.len, 5);
    assert_int_equal(find(body, "missing", &p, &e), 0);
}

static void refuses_malformed_bodies(void **state)
{
    (void)state;
    struct multipart_part p;
    struct perr e;
    const char *bad[] = {
        "no boundary at all",
        "--" B "\r\nContent-Disposition: form-data; name=\"pic_file\"\r\n\r\ndata without an end",
        "--" B "\r\nContent-Disposition: form-data; name=\"pic_file\"\r\n\r\na\r\n--" B
        "\r\nContent-Disposition: form-data; name=\"pic_file\"\r\n\r\nb\r\n--" B "--",
        "--" B "\r\nContent-Type: image/png\r\n\r\na\r\n--" B "--",
        "--" B "\r\nContent-Disposition: attachment; name=\"pic_file\"\r\n\r\na\r\n--" B "--",
        "--" B "\r\nContent-Disposition: form-data\r\n\r\na\r\n--" B "--",
        "--" B "\r\nno colon here\r\n\r\na\r\n--" B "--",
        "--" B "junk\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(find(bad[i], "pic_file", &p, &e), -1);
        assert_true(e.message[0] != '\0');
    }
    char name[200];
    snprintf(name, sizeof name, "--" B "\r\nContent-Disposition: form-data; name=\"%065d\"\r\n\r\na\r\n--" B "--", 0);
    assert_int_equal(find(name, "pic_file", &p, &e), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(boundary_plain_quoted_and_refused),
        cmocka_unit_test(finds_the_named_part_with_its_filename_and_type),
        cmocka_unit_test(refuses_malformed_bodies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
