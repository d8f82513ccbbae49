/* /_plaza/apps/{id}/media: listing media uploaded as the raw file
 * (POST /media/{kind}?filename=NAME, the bytes as the body), listed, read
 * back and deleted. */
#include "control/c_market_internal.h"

#include <stdlib.h>
#include <string.h>

/* The required ?filename=NAME of an upload. */
static const char *upload_filename(struct http_req *r, struct perr *e)
{
    const char *filename = NULL;
    if (http_query(r, "filename", &filename) < 0) {
        perr_field(e, "filename", "may be given once");
        return NULL;
    }
    if (!filename)
        perr_field(e, "filename", "is required: ?filename=NAME with the file's name and extension");
    return filename;
}

int c_market_media_upload(struct http_req *r)
{
    struct perr e = {0};
    enum media_kind kind;
    const char *filename = NULL;
    if (media_kind_parse(r->params[1], &kind) != 0) {
        perr_set(&e, PERR_NOT_FOUND,
                 "No media kind %.40s: preview, video, architecture_diagram, secure_development_document, "
                 "sast_dast_evidence or document.",
                 r->params[1]);
        return fail(r, &e);
    }
    if ((filename = upload_filename(r, &e)) == NULL)
        return fail(r, &e);
    struct media m;
    struct media_upload file = {filename, r->h->entity.base ? r->h->entity.base : "", r->h->entity.len};
    if (media_add(r->db, r->params[0], kind, &file, &m, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 201, out_media(&m));
    return 0;
}

int c_market_media_list(struct http_req *r)
{
    struct perr e = {0};
    struct app a;
    struct media *m = h2o_mem_alloc_pool(&r->h->pool, sizeof *m * MEDIA_LIST_MAX);
    int n;
    if (app_get(r->db, r->params[0], &a, &e) != 0 || media_list(r->db, a.id, m, MEDIA_LIST_MAX, &n, &e) != 0)
        return fail(r, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, out_media(&m[i]));
    http_send_json(r, 200, json_pack("{s:s,s:o}", "app_id", a.id, "media", items));
    return 0;
}

int c_market_media_get(struct http_req *r)
{
    struct perr e = {0};
    struct media m;
    struct media_bytes bytes;
    if (media_get(r->db, r->params[0], r->params[1], &m, &bytes, &e) != 0)
        return fail(r, &e);
    void *data = bytes.data;
    size_t n = bytes.n;
    char *copy = h2o_mem_alloc_pool(&r->h->pool, n ? n : 1);
    memcpy(copy, data, n);
    free(data);
    http_add_header_by_name(r, "x-content-type-options", "nosniff");
    http_send_text(r, 200, m.content_type, copy, n);
    return 0;
}

int c_market_media_delete(struct http_req *r)
{
    struct perr e = {0};
    if (media_delete(r->db, r->params[0], r->params[1], &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

/* PUT /media/{mediaId}?filename=NAME: a new file in the item's place. */
int c_market_media_replace(struct http_req *r)
{
    struct perr e = {0};
    const char *filename = upload_filename(r, &e);
    if (!filename)
        return fail(r, &e);
    struct media m;
    struct media_upload file = {filename, r->h->entity.base ? r->h->entity.base : "", r->h->entity.len};
    if (media_replace(r->db, r->params[0], r->params[1], &file, &m, &e) != 0)
        return fail(r, &e);
    json_t *o = out_media(&m);
    json_object_set_new(o, "replaced", json_string(r->params[1]));
    http_send_json(r, 200, o);
    return 0;
}
