/* Users' profile pictures (Zoom's userPicture, userPictureDelete): the bytes
 * checked by content with the listing media's own checks (market/media.c),
 * kept in user_pictures, and named in the user's profile so that the user
 * object carries pic_url. The picture is served at pic_url without a token,
 * as Zoom's CDN serves it; the file name holds a hash of the bytes, so a new
 * picture has a new URL. This file owns the user_pictures table. */
#include "api/api.h"
#include "core/zoom_codes.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/db.h"
#include "api/user_data_store.h"
#include "events/events.h"

#include <stdlib.h>
#include <string.h>

/* Zoom's answers for a refused upload (userPicture's 400s, code 120). */
static int refuse(struct perr *e)
{
    const char *field = e->nfields ? e->fields[0].field : "file";
    const char *why = e->nfields ? e->fields[0].message : "";
    const char *msg = strcmp(field, "size") == 0 ? "File size cannot exceed 2M."
                      : strcmp(why, "is empty") == 0 ? "File is empty."
                                                      : "Only jpg/jpeg or png image file can be uploaded.";
    perr_set(e, PERR_INVALID, "%s", msg);
    e->zoom_code = ZOOM_PICTURE_INVALID;
    return -1;
}

/* The user with extra.pic set to `file` (NULL removes it), saved and announced
 * as user.updated inside the caller's transaction. */
static int save_pic(struct db *db, const struct api_caller *c, const struct user *u, const char *file,
                    struct perr *e)
{
    struct user n = *u;
    json_t *extra = json_loads(u->extra, 0, NULL);
    if (!extra)
        extra = json_object();
    if (file)
        json_object_set_new(extra, "pic", json_string(file));
    else
        json_object_del(extra, "pic");
    char *text = json_dumps(extra, JSON_COMPACT);
    json_decref(extra);
    if (!text || strlen(text) >= sizeof n.extra) {
        free(text);
        return perr_set(e, PERR_INTERNAL, "The profile is too large.");
    }
    memcpy(n.extra, text, strlen(text) + 1);
    free(text);
    if (user_save(db, &n, e) != 0)
        return -1;

    /* user.updated: the picture's URL, now and before */
    json_t *after = api_user_object(&n), *before = api_user_object(u);
    json_t *object = json_pack("{s:s}", "id", n.id), *old = json_pack("{s:s}", "id", n.id);
    json_t *url = json_object_get(after, "pic_url");
    json_object_set_new(object, "pic_url", url ? json_incref(url) : json_string(""));
    if (json_object_get(before, "pic_url"))
        json_object_set(old, "pic_url", json_object_get(before, "pic_url"));
    json_decref(after);
    json_decref(before);
    char email[USER_EMAIL_MAX + 1];
    const char *operator_id = c ? c->user_id : u->id;
    if (c)
        api_operator(db, c, email);
    else
        memcpy(email, u->email, sizeof email);
    json_t *payload = json_pack("{s:s,s:s,s:s,s:o,s:o,s:I}", "account_id", n.account_id, "operator", email,
                                "operator_id", operator_id, "object", object, "old_object", old, "time_stamp",
                                (json_int_t)clock_now_ms());
    if (events_emit(db, n.account_id, NULL, "user.updated", payload) != 0)
        return perr_set(e, PERR_INTERNAL, "Recording user.updated failed.");
    return 0;
}

struct picture_tx {
    const struct api_caller *c;
    const struct user *u;
    const struct user_picture *pic; /* NULL: the picture is removed */
    struct perr *e;
    int ran;
};

static int picture_set_in_tx(struct db *db, void *arg)
{
    struct picture_tx *t = arg;
    t->ran = 1;
    if (picture_store_put(db, t->pic) != 0)
        return perr_set(t->e, PERR_INTERNAL, "Storing the picture failed.");
    return save_pic(db, t->c, t->u, t->pic->file, t->e);
}

static int picture_delete_in_tx(struct db *db, void *arg)
{
    struct picture_tx *t = arg;
    t->ran = 1;
    json_t *extra = json_loads(t->u->extra, 0, NULL);
    int had = json_object_get(extra, "pic") != NULL;
    json_decref(extra);
    if (picture_store_delete(db, t->u->id) != 0 || (had && save_pic(db, t->c, t->u, NULL, t->e) != 0))
        return -1;
    return 0;
}

int picture_set(struct db *db, const struct api_caller *c, const struct user *u, const struct media_upload *file_in,
                struct perr *e)
{
    const void *data = file_in->data;
    size_t n = file_in->n;
    struct media_info info;
    if (media_inspect_picture(file_in->filename, data, n, &info, e) != 0)
        return refuse(e);
    uint8_t h[32];
    char hex[65], file[PICTURE_FILE_MAX];
    crypto_sha256(data, n, h);
    crypto_hex(hex, h, 32);
    snprintf(file, sizeof file, "%.32s.%s", hex, strcmp(info.content_type, "image/png") == 0 ? "png" : "jpg");
    struct user_picture pic = {u->id, file, info.content_type, info.width, info.height, data, n, clock_now()};
    struct picture_tx t = {c, u, &pic, e, 0};
    if (db_transaction(db, picture_set_in_tx, &t) != 0)
        return api_tx_error(e, t.ran, "Committing the picture failed.");
    return 0;
}

int picture_delete(struct db *db, const struct api_caller *c, const struct user *u, struct perr *e)
{
    struct picture_tx t = {c, u, NULL, e, 0};
    if (db_transaction(db, picture_delete_in_tx, &t) != 0)
        return api_tx_error(e, t.ran, "Removing the picture failed.");
    return 0;
}

int picture_get(struct db *db, const char *user_id, const char *file, struct picture_bytes *out, struct perr *e)
{
    int found = picture_store_get(db, user_id, file, out->content_type, &out->data, &out->n);
    if (found != 1)
        return found == 0 ? perr_set(e, PERR_NOT_FOUND, "No such picture.")
                          : perr_set(e, PERR_INTERNAL, "Reading the picture failed.");
    return out->data ? 0 : perr_set(e, PERR_INTERNAL, "Out of memory.");
}
