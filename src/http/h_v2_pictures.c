/* /v2/users/{userId}/picture (multipart/form-data, the file in pic_file) and
 * the pictures' own URLs (/p/{userId}/{file}, served without a token like
 * Zoom's CDN): thin adapters over api/pictures.c. */
#include "http/multipart.h"
#include "http/router.h"
#include "http/v2.h"

#include <stdlib.h>
#include <string.h>

int h_v2_user_picture_upload(struct http_req *r)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    struct perr e = {0};
    size_t len;
    const char *ct = http_header(r, H2O_TOKEN_CONTENT_TYPE, &len);
    char boundary[MULTIPART_BOUNDARY_MAX + 1];
    if (!ct || multipart_boundary(ct, len, boundary) != 0) {
        perr_set(&e, PERR_INVALID, "Content-Type must be multipart/form-data with a boundary.");
        e.status = 415;
        return v2_fail(r, &e);
    }
    struct multipart_part part;
    const char *body = r->h->entity.base ? r->h->entity.base : "";
    int found = multipart_find(body, r->h->entity.len, boundary, "pic_file", &part, &e);
    if (found < 0)
        return v2_fail(r, &e);
    if (!found) {
        perr_set(&e, PERR_INVALID, "Validation Failed.");
        perr_field(&e, "pic_file", "is required: the picture as a file part named pic_file");
        return v2_fail(r, &e);
    }
    struct api_caller c = v2_caller(r);
    struct media_upload file = {part.has_filename ? part.filename : NULL, part.data, part.len};
    if (picture_set(r->db, &c, &u, &file, &e) != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 201);
    return 0;
}

int h_v2_user_picture_delete(struct http_req *r)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    if (picture_delete(r->db, &c, &u, &e) != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int h_picture_get(struct http_req *r)
{
    struct perr e = {0};
    struct picture_bytes pic;
    if (strlen(r->params[1]) >= PICTURE_FILE_MAX || picture_get(r->db, r->params[0], r->params[1], &pic, &e) != 0) {
        if (!e.kind)
            perr_set(&e, PERR_NOT_FOUND, "No such picture.");
        http_send_error(r, &e);
        return 0;
    }
    void *data = pic.data;
    size_t n = pic.n;
    char *copy = h2o_mem_alloc_pool(&r->h->pool, n ? n : 1);
    memcpy(copy, data, n);
    free(data);
    /* the name holds the content's hash: a new picture gets a new URL */
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "public, max-age=31536000, immutable");
    http_add_header_by_name(r, "x-content-type-options", "nosniff");
    http_send_text(r, 200, pic.content_type, copy, n);
    return 0;
}
