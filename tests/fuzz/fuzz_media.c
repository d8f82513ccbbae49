/* Listing media uploads (market/media.c): media_inspect sniffs the bytes
 * with libmagic, walks the container (PNG chunks, JPEG end marker, GIF
 * trailer, MP4 boxes, PDF trailer) and reads and decodes images with
 * stb_image. The first byte picks the media kind, the second the file name
 * (an extension that may or may not match), the rest is the file. Pure but
 * for libmagic's database; no store. */
#include "fuzz.h"
#include "market/market.h"

static const char *const names[] = {
    "shot.png", "shot.jpg", "shot.jpeg", "anim.gif", "demo.mp4", "spec.pdf", "notes.txt",
    "SHOT.PNG", "no-extension", "dir/shot.png", "shot.png.exe", ".png",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (size < 2)
        return 0;
    enum media_kind kind = (enum media_kind)(data[0] % MEDIA_KIND_COUNT);
    const char *filename = names[data[1] % (sizeof names / sizeof names[0])];
    struct media_info info;
    struct perr e = {0};
    int rc = media_inspect(kind, filename, data + 2, size - 2, &info, &e);
    if (rc == 0) {
        FUZZ_ASSERT(e.kind == PERR_NONE && info.content_type[0] != '\0');
        if (strncmp(info.content_type, "image/", 6) == 0)
            FUZZ_ASSERT(info.width > 0 && info.height > 0);
        if (kind == MEDIA_PREVIEW)
            FUZZ_ASSERT(info.width == MEDIA_PREVIEW_WIDTH && info.height == MEDIA_PREVIEW_HEIGHT);
    } else {
        FUZZ_ASSERT(e.nfields >= 1 || e.kind != PERR_NONE);
    }
    return 0;
}
