/* Covers market/media.c's checks (media_inspect): real type by content, exact preview
 * dimensions, names that lie, truncated files, size bounds. Images are made with stb_image_write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "market/market.h"

#include <stb_image_write.h>
#include <stdlib.h>
#include <string.h>

struct buf {
    unsigned char *p;
    size_t n;
};

static void collect(void *ctx, void *data, int size)
{
    struct buf *b = ctx;
    b->p = realloc(b->p, b->n + (size_t)size);
    memcpy(b->p + b->n, data, (size_t)size);
    b->n += (size_t)size;
}

static struct buf image(const char *type, int w, int h)
{
    struct buf b = {0};
    unsigned char *px = calloc((size_t)w * h, 3);
    if (strcmp(type, "png") == 0)
        stbi_write_png_to_func(collect, &b, w, h, 3, px, w * 3);
    else
        stbi_write_jpg_to_func(collect, &b, w, h, 3, px, 50);
    free(px);
    return b;
}

static const char *field_of(const struct perr *e) { return e->nfields ? e->fields[0].field : ""; }

static void previews_of_1200x780_pass_with_their_type(void **state)
{
    (void)state;
    struct buf png = image("png", 1200, 780), jpg = image("jpg", 1200, 780);
    struct media_info info;
    struct perr e = {0};
    assert_int_equal(media_inspect(MEDIA_PREVIEW, "a.png", png.p, png.n, &info, &e), 0);
    assert_string_equal(info.content_type, "image/png");
    assert_int_equal(info.width, 1200);
    assert_int_equal(info.height, 780);
    assert_int_equal(media_inspect(MEDIA_PREVIEW, "b.JPEG", jpg.p, jpg.n, &info, &e), 0);
    assert_string_equal(info.content_type, "image/jpeg");
    free(png.p);
    free(jpg.p);
}

static void a_png_named_jpg_and_a_1199_wide_image_are_refused_naming_the_field(void **state)
{
    (void)state;
    struct buf png = image("png", 1200, 780), narrow = image("png", 1199, 780);
    struct media_info info;
    struct perr e = {0};
    assert_int_equal(media_inspect(MEDIA_PREVIEW, "a.jpg", png.p, png.n, &info, &e), -1);
    assert_string_equal(field_of(&e), "filename");
    assert_non_null(strstr(e.fields[0].message, "PNG"));
    struct perr e2 = {0};
    assert_int_equal(media_inspect(MEDIA_PREVIEW, "a.png", narrow.p, narrow.n, &info, &e2), -1);
    assert_string_equal(field_of(&e2), "file");
    assert_non_null(strstr(e2.fields[0].message, "1199x780"));
    free(png.p);
    free(narrow.p);
}

static void truncated_images_are_refused(void **state)
{
    (void)state;
    struct buf png = image("png", 1200, 780), jpg = image("jpg", 1200, 780);
    struct media_info info;
    struct perr e = {0}, e2 = {0};
    assert_int_equal(media_inspect(MEDIA_PREVIEW, "a.png", png.p, png.n - 20, &info, &e), -1);
    assert_string_equal(field_of(&e), "file");
    assert_non_null(strstr(e.fields[0].message, "truncated"));
    assert_int_equal(media_inspect(MEDIA_PREVIEW, "a.jpg", jpg.p, jpg.n / 2, &info, &e2), -1);
    assert_non_null(strstr(e2.fields[0].message, "truncated"));
    free(png.p);
    free(jpg.p);
}

static void size_bounds_and_wrong_kinds_are_refused(void **state)
{
    (void)state;
    struct media_info info;
    struct perr e = {0}, e2 = {0}, e3 = {0};
    size_t n = MEDIA_VIDEO_MAX_BYTES + 1;
    unsigned char *big = calloc(1, n);
    assert_int_equal(media_inspect(MEDIA_VIDEO, "v.mp4", big, n, &info, &e), -1);
    assert_string_equal(field_of(&e), "size");
    free(big);
    struct buf png = image("png", 64, 64);
    assert_int_equal(media_inspect(MEDIA_VIDEO, "v.png", png.p, png.n, &info, &e2), -1);
    assert_string_equal(field_of(&e2), "file");
    assert_int_equal(media_inspect(MEDIA_ARCHITECTURE, "arch.png", png.p, png.n, &info, &e3), 0);
    struct perr e4 = {0};
    assert_int_equal(media_inspect(MEDIA_PREVIEW, "dir/a.png", png.p, png.n, &info, &e4), -1);
    assert_string_equal(field_of(&e4), "filename");
    free(png.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(previews_of_1200x780_pass_with_their_type),
        cmocka_unit_test(a_png_named_jpg_and_a_1199_wide_image_are_refused_naming_the_field),
        cmocka_unit_test(truncated_images_are_refused),
        cmocka_unit_test(size_bounds_and_wrong_kinds_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
