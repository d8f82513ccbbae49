/* Listing media: preview images, the video, the architecture diagram and
 * documents, checked by what they are rather than by their names. libmagic
 * says what the bytes are, stb_image reads image dimensions and decodes
 * them, and a walk of the container (PNG chunks, JPEG end marker, GIF
 * trailer, MP4 boxes, PDF trailer) catches a truncated file that a lenient
 * decoder would accept. Stored as blobs in the store, bounded per kind. */
#include "core/clock.h"
#include "core/db.h"
#include "market/app_listing_store.h"
#include "market/apps_store.h"
#include "market/market.h"

#include <magic.h>
#include <stb_image.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define IMAGE_MAX_PIXELS (40u * 1000 * 1000) /* decoded at most this big */

static const char *const kind_names[MEDIA_KIND_COUNT] = {
    [MEDIA_PREVIEW] = "preview",         [MEDIA_VIDEO] = "video",
    [MEDIA_ARCHITECTURE] = "architecture_diagram", [MEDIA_SECURITY_DOC] = "secure_development_document",
    [MEDIA_SAST_EVIDENCE] = "sast_dast_evidence",  [MEDIA_DOCUMENT] = "document",
};

const char *media_kind_name(enum media_kind k) { return (unsigned)k < MEDIA_KIND_COUNT ? kind_names[k] : "?"; }

int media_kind_parse(const char *s, enum media_kind *out)
{
    for (int i = 0; i < MEDIA_KIND_COUNT; i++)
        if (strcmp(s, kind_names[i]) == 0) {
            *out = (enum media_kind)i;
            return 0;
        }
    return -1;
}

/* The types each kind takes, and the file extensions that name them. */
struct media_type {
    const char *mime, *label, *exts; /* exts: "jpg|jpeg" */
};
static const struct media_type types[] = {
    {"image/png", "a PNG image", "png"},        {"image/jpeg", "a JPEG image", "jpg|jpeg"},
    {"image/gif", "a GIF image", "gif"},        {"video/mp4", "an MP4 video", "mp4"},
    {"application/pdf", "a PDF document", "pdf"}, {"text/plain", "plain text", "txt"},
};
#define NTYPES (sizeof types / sizeof types[0])

static const char *const kind_types[MEDIA_KIND_COUNT] = {
    [MEDIA_PREVIEW] = "image/png image/jpeg image/gif",
    [MEDIA_VIDEO] = "video/mp4",
    [MEDIA_ARCHITECTURE] = "image/png image/jpeg",
    [MEDIA_SECURITY_DOC] = "application/pdf image/png image/jpeg text/plain",
    [MEDIA_SAST_EVIDENCE] = "application/pdf image/png image/jpeg text/plain",
    [MEDIA_DOCUMENT] = "application/pdf image/png image/jpeg text/plain video/mp4",
};
static const char *const kind_words[MEDIA_KIND_COUNT] = {
    [MEDIA_PREVIEW] = "JPG, JPEG, GIF or PNG",
    [MEDIA_VIDEO] = "MP4",
    [MEDIA_ARCHITECTURE] = "PNG or JPG",
    [MEDIA_SECURITY_DOC] = "PDF, PNG, JPG or TXT",
    [MEDIA_SAST_EVIDENCE] = "PDF, PNG, JPG or TXT",
    [MEDIA_DOCUMENT] = "PDF, PNG, JPG, TXT or MP4",
};

static size_t kind_max(enum media_kind k)
{
    switch (k) {
    case MEDIA_PREVIEW:
        return MEDIA_PREVIEW_MAX_BYTES;
    case MEDIA_VIDEO:
        return MEDIA_VIDEO_MAX_BYTES;
    case MEDIA_ARCHITECTURE:
        return MEDIA_DIAGRAM_MAX_BYTES - 1; /* "under 5 MB" */
    default:
        return MEDIA_DOCUMENT_MAX_BYTES;
    }
}

static const struct media_type *type_of_mime(const char *mime)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (strcmp(types[i].mime, mime) == 0)
            return &types[i];
    return NULL;
}

static const struct media_type *type_of_ext(const char *ext)
{
    for (size_t i = 0; i < NTYPES; i++)
        for (const char *p = types[i].exts; *p;) {
            size_t n = strcspn(p, "|");
            if (strlen(ext) == n && strncasecmp(p, ext, n) == 0)
                return &types[i];
            p += n + (p[n] == '|');
        }
    return NULL;
}

/* libmagic's MIME type of the bytes; "" when it cannot tell. Each call opens
 * its own cookie (magic_t is not thread-safe; uploads are rare). */
static void sniff(const void *data, size_t n, char *out, size_t size)
{
    out[0] = '\0';
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR | MAGIC_NO_CHECK_ELF);
    if (!m)
        return;
    if (magic_load(m, NULL) == 0) {
        const char *t = magic_buffer(m, data, n);
        if (t)
            snprintf(out, size, "%s", t);
    } else {
        log_error("media: libmagic cannot load its database: %s", magic_error(m));
    }
    magic_close(m);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* NULL when the container is whole, else what is wrong. */
static const char *container_check(const char *mime, const unsigned char *p, size_t n)
{
    if (strcmp(mime, "image/png") == 0) {
        size_t i = 8;
        while (i + 12 <= n) {
            uint32_t len = be32(p + i);
            if (len > n - i - 12)
                return "a PNG chunk runs past the end of the file (truncated)";
            int iend = memcmp(p + i + 4, "IEND", 4) == 0;
            i += 12 + (size_t)len;
            if (iend)
                return i == n ? NULL : "there are bytes after the PNG's IEND chunk";
        }
        return "the PNG has no IEND chunk (truncated)";
    }
    if (strcmp(mime, "image/jpeg") == 0)
        return n >= 4 && p[n - 2] == 0xFF && p[n - 1] == 0xD9 ? NULL : "the JPEG has no end marker (truncated)";
    if (strcmp(mime, "image/gif") == 0)
        return n >= 14 && p[n - 1] == 0x3B ? NULL : "the GIF has no trailer (truncated)";
    if (strcmp(mime, "video/mp4") == 0) {
        size_t i = 0;
        int boxes = 0, moov = 0;
        while (i < n) {
            if (n - i < 8)
                return "an MP4 box header is cut short (truncated)";
            uint64_t size = be32(p + i);
            size_t head = 8;
            if (size == 1) {
                if (n - i < 16)
                    return "an MP4 box header is cut short (truncated)";
                size = (uint64_t)be32(p + i + 8) << 32 | be32(p + i + 12);
                head = 16;
            } else if (size == 0) {
                size = n - i; /* to the end of the file */
            }
            if (boxes == 0 && memcmp(p + i + 4, "ftyp", 4) != 0)
                return "the MP4 does not start with an ftyp box";
            if (size < head || size > n - i)
                return "an MP4 box runs past the end of the file (truncated)";
            moov |= memcmp(p + i + 4, "moov", 4) == 0;
            i += (size_t)size;
            boxes++;
        }
        return moov ? NULL : "the MP4 has no moov box (truncated or not a playable file)";
    }
    if (strcmp(mime, "application/pdf") == 0) {
        size_t from = n > 1024 ? n - 1024 : 0;
        for (size_t i = from; i + 5 <= n; i++)
            if (memcmp(p + i, "%%EOF", 5) == 0)
                return NULL;
        return "the PDF has no %%EOF trailer (truncated)";
    }
    return NULL;
}

/* What an upload must be, and the words the messages use for it: one per
 * media kind, and one for profile pictures. */
struct content_rule {
    const char *allowed;      /* space-separated MIME types */
    const char *words, *what; /* "PNG or JPEG", "preview" */
    int want_w, want_h;       /* exact image dimensions when want_w > 0 */
};

/* What the bytes are, checked against the rule: libmagic's answer, the
 * extension of the file's name when one is given, the container's ends, and
 * for images the dimensions and a full decode. */
static int inspect_content(const struct content_rule *rule, const struct media_upload *file, struct media_info *out,
                           struct perr *e)
{
    const char *allowed = rule->allowed, *words = rule->words, *what = rule->what, *filename = file->filename;
    const void *data = file->data;
    size_t n = file->n;
    int want_w = rule->want_w, want_h = rule->want_h;
    const char *dot = filename ? strrchr(filename, '.') : NULL;
    char mime[48];
    sniff(data, n, mime, sizeof mime);
    const struct media_type *t = type_of_mime(mime);
    if (!t || !strstr(allowed, mime))
        return perr_field(e, "file", "is %s, not %s: a %s must be %s", t ? t->label : mime[0] ? mime : "unknown data",
                          words, what, words);
    if (filename) {
        const struct media_type *named = dot ? type_of_ext(dot + 1) : NULL;
        if (!named)
            return perr_field(e, "filename", "must end in the type's extension (%s)", words);
        if (named != t)
            return perr_field(e, "filename", "says .%s but the content is %s (%s)", dot + 1, t->label, t->mime);
    }
    const char *broken = container_check(mime, data, n);
    if (broken)
        return perr_field(e, "file", "%s", broken);
    snprintf(out->content_type, sizeof out->content_type, "%s", mime);
    if (strncmp(mime, "image/", 6) != 0)
        return 0;

    int w, h, comp;
    if (n > INT32_MAX || !stbi_info_from_memory(data, (int)n, &w, &h, &comp))
        return perr_field(e, "file", "is not a readable image: %s", stbi_failure_reason());
    out->width = w;
    out->height = h;
    if (want_w > 0 && (w != want_w || h != want_h))
        return perr_field(e, "file", "is %dx%d pixels: %s images must be exactly %dx%d", w, h, what, want_w, want_h);
    if ((uint64_t)w * (uint64_t)h > IMAGE_MAX_PIXELS)
        return perr_field(e, "file", "is %dx%d pixels: at most %u pixels are accepted", w, h, IMAGE_MAX_PIXELS);
    unsigned char *pixels = stbi_load_from_memory(data, (int)n, &w, &h, &comp, 0);
    if (!pixels)
        return perr_field(e, "file", "cannot be decoded (%s): the image is damaged", stbi_failure_reason());
    stbi_image_free(pixels);
    return 0;
}

static int filename_ok(const char *filename)
{
    size_t flen = filename ? strlen(filename) : 0;
    int ok = flen > 0 && flen <= MEDIA_FILENAME_MAX && !strchr(filename, '/') && !strchr(filename, '\\');
    for (size_t i = 0; ok && i < flen; i++)
        ok = (unsigned char)filename[i] >= 0x20 && filename[i] != 0x7f;
    return ok;
}

int media_inspect(enum media_kind kind, const char *filename, const void *data, size_t n, struct media_info *out,
                  struct perr *e)
{
    memset(out, 0, sizeof *out);
    if ((unsigned)kind >= MEDIA_KIND_COUNT)
        return perr_field(e, "kind", "must be preview, video, architecture_diagram, secure_development_document, "
                                     "sast_dast_evidence or document");
    if (!filename_ok(filename))
        return perr_field(e, "filename", "is required: a file name of 1 to %d characters, without a path",
                          MEDIA_FILENAME_MAX);
    if (n == 0)
        return perr_field(e, "file", "is empty");
    size_t max = kind_max(kind);
    if (n > max)
        return perr_field(e, "size", "is %zu bytes: a %s may be at most %zu bytes (%zu MB)%s", n, kind_names[kind],
                          max, (max + 1) >> 20, kind == MEDIA_ARCHITECTURE ? ", under 5 MB" : "");
    int preview = kind == MEDIA_PREVIEW;
    struct content_rule rule = {kind_types[kind], kind_words[kind], kind_names[kind],
                                preview ? MEDIA_PREVIEW_WIDTH : 0, preview ? MEDIA_PREVIEW_HEIGHT : 0};
    struct media_upload file = {filename, data, n};
    return inspect_content(&rule, &file, out, e);
}

int media_inspect_picture(const char *filename, const void *data, size_t n, struct media_info *out, struct perr *e)
{
    memset(out, 0, sizeof *out);
    if (filename && !filename_ok(filename))
        return perr_field(e, "filename", "must be a file name of 1 to %d characters, without a path",
                          MEDIA_FILENAME_MAX);
    if (n == 0)
        return perr_field(e, "file", "is empty");
    if (n > MEDIA_PICTURE_MAX_BYTES)
        return perr_field(e, "size", "is %zu bytes: a profile picture may be at most %u bytes (2 MB)", n,
                          MEDIA_PICTURE_MAX_BYTES);
    static const struct content_rule picture = {"image/png image/jpeg", "JPG, JPEG or PNG", "profile picture", 0, 0};
    struct media_upload file = {filename, data, n};
    return inspect_content(&picture, &file, out, e);
}

/* ---- storage ----------------------------------------------------------------- */

/* An inspected upload, stored in one transaction: `replace_id` (NULL: none)
 * is removed and the new item takes its place in the list; single kinds
 * replace the one before. */
struct upload_tx {
    const struct app *a;
    const struct media *m;
    const void *data;
    size_t n;
    const char *replace_id;
    int single;
    int ran;
};

static int upload_tx(struct db *db, void *arg)
{
    struct upload_tx *t = arg;
    const char *app_id = t->a->id;
    int64_t seq = 0;
    t->ran = 1;
    if (t->replace_id && media_store_take(db, app_id, t->replace_id, &seq) != 1) /* the new item keeps its place */
        return -1;
    int ok = (!t->single || media_store_remove_kind(db, app_id, t->m->kind) == DB_DONE) &&
             media_store_insert(db, t->m, t->data, t->n, seq) == DB_DONE &&
             app_store_touch(db, app_id, t->m->created_at) == DB_DONE && app_edit_done(db, t->a) == 0;
    return ok ? 0 : -1;
}

/* An upload that passed inspection, on its way to the store. */
struct checked_upload {
    enum media_kind kind;
    const struct media_upload *file;
    struct media_info info;
    const char *replace_id; /* the item it takes the place of; NULL: none */
};

static int save_upload(struct db *db, const struct app *a, const struct checked_upload *upload, struct media *out,
                       struct perr *e)
{
    const char *app_id = a->id, *filename = upload->file->filename, *replace_id = upload->replace_id;
    const void *data = upload->file->data;
    size_t n = upload->file->n;
    enum media_kind kind = upload->kind;
    const struct media_info *info = &upload->info;
    int single = kind == MEDIA_VIDEO || kind == MEDIA_ARCHITECTURE || kind == MEDIA_SECURITY_DOC ||
                 kind == MEDIA_SAST_EVIDENCE;
    memset(out, 0, sizeof *out);
    ids_new(out->id);
    snprintf(out->app_id, sizeof out->app_id, "%s", app_id);
    out->kind = kind;
    snprintf(out->filename, sizeof out->filename, "%s", filename);
    snprintf(out->content_type, sizeof out->content_type, "%s", info->content_type);
    out->width = info->width;
    out->height = info->height;
    out->size = (int64_t)n;
    out->created_at = clock_now();
    uint8_t h[32];
    crypto_sha256(data, n, h);
    crypto_hex(out->sha256, h, 32);
    struct upload_tx tx = {.a = a, .m = out, .data = data, .n = n, .replace_id = replace_id, .single = single};
    if (db_transaction(db, upload_tx, &tx) != 0)
        return perr_set(e, PERR_INTERNAL, tx.ran ? "Storing the upload failed." : "The store is busy.");
    return 0;
}

int media_add(struct db *db, const char *app_id, enum media_kind kind, const struct media_upload *file,
              struct media *out, struct perr *e)
{
    struct app a;
    struct checked_upload upload = {.kind = kind, .file = file};
    if (app_get(db, app_id, &a, e) != 0 ||
        media_inspect(kind, file->filename, file->data, file->n, &upload.info, e) != 0 ||
        app_edit_check(db, &a, e) != 0)
        return -1;
    int limit = kind == MEDIA_PREVIEW ? MEDIA_PREVIEWS_MAX : kind == MEDIA_DOCUMENT ? MEDIA_DOCUMENTS_MAX : 0;
    if (limit && media_store_count(db, app_id, kind) >= limit) {
        perr_set(e, PERR_CONFLICT, "App %s already has %d %s items: delete or replace one.", app_id, limit,
                 kind_names[kind]);
        perr_field(e, "kind", "at most %d %s items per app", limit, kind_names[kind]);
        e->kind = PERR_CONFLICT;
        return -1;
    }
    return save_upload(db, &a, &upload, out, e);
}

int media_replace(struct db *db, const char *app_id, const char *media_id, const struct media_upload *file,
                  struct media *out, struct perr *e)
{
    struct app a;
    struct media old;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    int rc = media_store_find(db, app_id, media_id, &old);
    if (rc != 1)
        return rc == 0 ? perr_set(e, PERR_NOT_FOUND, "App %s has no media %s.", app_id, media_id)
                       : perr_set(e, PERR_INTERNAL, "Reading the media failed.");
    struct checked_upload upload = {.kind = old.kind, .file = file, .replace_id = media_id};
    if (media_inspect(old.kind, file->filename, file->data, file->n, &upload.info, e) != 0 ||
        app_edit_check(db, &a, e) != 0)
        return -1;
    return save_upload(db, &a, &upload, out, e);
}

int media_list(struct db *db, const char *app_id, struct media *out, int max, int *n, struct perr *e)
{
    if (media_store_list(db, app_id, out, max, n) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing media failed.");
    return 0;
}

int media_get(struct db *db, const char *app_id, const char *media_id, struct media *out, struct media_bytes *bytes,
              struct perr *e)
{
    int rc = media_store_read(db, app_id, media_id, out, &bytes->data, &bytes->n);
    if (rc != 1)
        return rc == 0 ? perr_set(e, PERR_NOT_FOUND, "App %s has no media %s.", app_id, media_id)
                       : perr_set(e, PERR_INTERNAL, "Reading the media failed.");
    return bytes->data ? 0 : perr_set(e, PERR_INTERNAL, "Out of memory.");
}

/* Removes the item in one transaction with the edit it is (`ran`: it began;
 * `found`: the item was there). */
struct delete_tx {
    const struct app *a;
    const char *media_id;
    int ran, found;
};

static int delete_tx(struct db *db, void *arg)
{
    struct delete_tx *t = arg;
    t->ran = 1;
    int rc = media_store_delete(db, t->a->id, t->media_id);
    t->found = rc != 0;
    if (rc != 1)
        return -1;
    return app_edit_done(db, t->a) == 0 ? 0 : -1;
}

int media_delete(struct db *db, const char *app_id, const char *media_id, struct perr *e)
{
    struct app a;
    if (app_get(db, app_id, &a, e) != 0 || app_edit_check(db, &a, e) != 0)
        return -1;
    struct delete_tx tx = {.a = &a, .media_id = media_id};
    if (db_transaction(db, delete_tx, &tx) != 0) {
        if (!tx.ran)
            return perr_set(e, PERR_INTERNAL, "The store is busy.");
        if (!tx.found)
            return perr_set(e, PERR_NOT_FOUND, "App %s has no media %s.", app_id, media_id);
        return perr_set(e, PERR_INTERNAL, "Deleting the media failed.");
    }
    return 0;
}
