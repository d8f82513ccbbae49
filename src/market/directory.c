/* The public directory: what the Marketplace shows anyone of a published
 * app, and nothing of an app that is not published. A listing is read from
 * the app's sections, the scopes from its live version, the media from the
 * listing's preview images and video (never the review's documents). */
#include "market/apps_store.h"
#include "market/market.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCAN_BATCH 64 /* published apps read at a time while a query filters them */

static int is_public(enum media_kind k) { return k == MEDIA_PREVIEW || k == MEDIA_VIDEO; }

void directory_entry_clear(struct directory_entry *d)
{
    json_decref(d->listing);
    free(d->production);
    d->listing = NULL;
    d->production = NULL;
}

static int not_published(const char *app_id, struct perr *e)
{
    return perr_set(e, PERR_NOT_FOUND, "No published app %s.", app_id);
}

/* The app itself, only when published: what every directory answer starts from. */
static int published_app(struct db *db, const char *app_id, struct app *out, struct perr *e)
{
    struct perr ignore = {0};
    if (app_get(db, app_id, out, &ignore) != 0)
        return ignore.kind == PERR_NOT_FOUND ? not_published(app_id, e) : perr_set(e, PERR_INTERNAL, "%s", ignore.message);
    return out->published && out->live_version > 0 ? 0 : not_published(app_id, e);
}

static int public_media(struct db *db, struct directory_entry *d, struct perr *e)
{
    struct media all[MEDIA_LIST_MAX];
    int n;
    if (media_list(db, d->app.id, all, MEDIA_LIST_MAX, &n, e) != 0)
        return -1;
    d->nmedia = 0;
    for (int i = 0; i < n && d->nmedia < (int)(sizeof d->media / sizeof d->media[0]); i++)
        if (is_public(all[i].kind))
            d->media[d->nmedia++] = all[i];
    return 0;
}

static int production_side(struct db *db, struct directory_entry *d, struct perr *e)
{
    d->production = calloc(1, sizeof *d->production);
    if (!d->production)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    if (app_tab_get(db, d->app.id, ENV_PRODUCTION, d->production, e) != 0)
        return -1;
    if (credential_store_client_id(db, d->app.id, ENV_PRODUCTION, d->client_id) < 0 ||
        app_redirect_url(db, &d->app, ENV_PRODUCTION, d->redirect_url) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app's production credentials failed.");
    return 0;
}

int directory_get(struct db *db, const char *app_id, struct directory_entry *out, struct perr *e)
{
    memset(out, 0, sizeof *out);
    json_t *doc = NULL;
    if (published_app(db, app_id, &out->app, e) != 0 || sections_get(db, app_id, &doc, e) != 0)
        return -1;
    out->listing = json_incref(json_object_get(doc, SECTION_LISTING));
    if (!json_is_object(out->listing)) {
        json_decref(out->listing);
        out->listing = json_object();
    }
    json_decref(doc);
    out->version = app_live_version(db, app_id, out->scopes, sizeof out->scopes);
    if (public_media(db, out, e) != 0 || production_side(db, out, e) != 0) {
        directory_entry_clear(out);
        return -1;
    }
    return 0;
}

/* 1 when `needle` is in `hay`, in any case (ASCII). */
static int contains_word(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; hay && *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

static int matches(struct db *db, const char *app_id, const char *q)
{
    if (!q || !*q)
        return 1;
    struct app a;
    json_t *doc = NULL;
    struct perr ignore = {0};
    if (app_get(db, app_id, &a, &ignore) != 0 || sections_get(db, app_id, &doc, &ignore) != 0)
        return 0;
    static const char *const texts[] = {"short_description", "long_description", "company_name", "category"};
    int hit = contains_word(a.name, q);
    for (size_t i = 0; !hit && i < sizeof texts / sizeof texts[0]; i++)
        hit = contains_word(sections_str(doc, SECTION_LISTING, texts[i]), q);
    json_decref(doc);
    return hit;
}

/* Takes the matching ids of one batch into the page; 1 when the page is full and one more matched. */
static int take(struct db *db, struct directory_page *p, char (*batch)[ID_LEN], int n)
{
    for (int i = 0; i < n; i++) {
        if (!matches(db, batch[i], p->q))
            continue;
        if (p->n == p->max)
            return p->more = 1;
        memcpy(p->ids[p->n++], batch[i], ID_LEN);
    }
    return 0;
}

int directory_list(struct db *db, struct directory_page *page, struct perr *e)
{
    char batch[SCAN_BATCH][ID_LEN];
    char after[ID_LEN];
    snprintf(after, sizeof after, "%s", page->after ? page->after : "");
    page->n = 0;
    page->more = 0;
    for (;;) {
        int n;
        if (app_store_published_ids(db, after, batch, SCAN_BATCH, &n) != 0)
            return perr_set(e, PERR_INTERNAL, "Listing published apps failed.");
        if (take(db, page, batch, n) || n < SCAN_BATCH)
            return 0;
        memcpy(after, batch[n - 1], ID_LEN);
    }
}

int directory_media(struct db *db, const char *app_id, const char *media_id, struct media *out,
                    struct media_bytes *bytes, struct perr *e)
{
    struct app a;
    if (published_app(db, app_id, &a, e) != 0)
        return -1;
    if (media_get(db, app_id, media_id, out, bytes, e) != 0)
        return -1;
    if (is_public(out->kind))
        return 0;
    free(bytes->data);
    bytes->data = NULL;
    return perr_set(e, PERR_NOT_FOUND, "App %s has no media %s.", app_id, media_id);
}
