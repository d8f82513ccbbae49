/* /_plaza/directory: the Marketplace as anyone browses it, without
 * authentication. Published apps only; any other id is 404. An entry's
 * install_url starts the production credentials' authorization, as the
 * Marketplace's "Add" button does. */
#include "control/control_internal.h"
#include "core/urls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *out_directory_scopes(const struct directory_entry *d)
{
    json_t *a = json_array();
    char copy[SCOPES_STR_MAX];
    snprintf(copy, sizeof copy, "%s", d->scopes);
    char *save = NULL;
    for (char *s = strtok_r(copy, " ", &save); s; s = strtok_r(NULL, " ", &save)) {
        const char *purpose = "";
        for (int i = 0; i < d->production->nscopes; i++)
            if (strcmp(d->production->scopes[i].scope, s) == 0)
                purpose = d->production->scopes[i].description;
        const char *words = scope_words(s);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "scope", s, "description", words ? words : "", "purpose",
                                           purpose));
    }
    return a;
}

static json_t *out_directory_media(const struct directory_entry *d)
{
    json_t *a = json_array();
    for (int i = 0; i < d->nmedia; i++) {
        const struct media *m = &d->media[i];
        char url[URL_MAX + 1];
        snprintf(url, sizeof url, "%s/_plaza/directory/%s/media/%s", urls_web(), d->app.id, m->id);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:i,s:i,s:I,s:s}", "id", m->id, "kind",
                                           media_kind_name(m->kind), "content_type", m->content_type, "width",
                                           m->width, "height", m->height, "size", (json_int_t)m->size, "url", url));
    }
    return a;
}

static json_t *listing_text(const struct directory_entry *d, const char *field)
{
    json_t *v = json_object_get(d->listing, field);
    return json_is_string(v) ? json_incref(v) : json_null();
}

static json_t *out_directory_entry(const struct directory_entry *d)
{
    json_t *o = json_pack("{s:s,s:s,s:s}", "id", d->app.id, "name", d->app.name, "type", app_type_name(d->app.type));
    static const char *const texts[] = {"short_description", "long_description", "category", "support_url",
                                        "privacy_policy_url", "terms_of_use_url", "documentation_url"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        json_object_set_new(o, texts[i], listing_text(d, texts[i]));
    json_object_set_new(o, "developer_name", listing_text(d, "company_name"));
    json_object_set_new(o, "version", json_integer(d->version));
    json_object_set_new(o, "scopes", out_directory_scopes(d));
    json_object_set_new(o, "media", out_directory_media(d));
    json_object_set_new(o, "install_url",
                        d->client_id[0] ? out_authorize_url(d->client_id, d->redirect_url) : json_null());
    return o;
}

/* The entry as JSON, or NULL with `e` set. */
static json_t *entry_json(struct db *db, const char *app_id, struct perr *e)
{
    struct directory_entry *d = malloc(sizeof *d);
    if (!d) {
        perr_set(e, PERR_INTERNAL, "Out of memory.");
        return NULL;
    }
    json_t *o = directory_get(db, app_id, d, e) == 0 ? out_directory_entry(d) : NULL;
    if (o)
        directory_entry_clear(d);
    free(d);
    return o;
}

int c_directory_list(struct http_req *r)
{
    struct perr e = {0};
    struct directory_page page = {0};
    if (in_page(r, &page.max, &page.after, &e) != 0)
        return fail(r, &e);
    if (http_query(r, "q", &page.q) < 0 || (page.q && strlen(page.q) > DIRECTORY_QUERY_MAX)) {
        perr_field(&e, "q", "must be given once, at most %d characters", DIRECTORY_QUERY_MAX);
        return fail(r, &e);
    }
    page.ids = h2o_mem_alloc_pool(&r->h->pool, sizeof *page.ids * (size_t)page.max);
    if (directory_list(r->db, &page, &e) != 0)
        return fail(r, &e);
    json_t *apps = json_array();
    for (int i = 0; i < page.n; i++) {
        json_t *o = entry_json(r->db, page.ids[i], &e);
        if (!o) { /* unpublished since it was listed: left out */
            if (e.kind != PERR_NOT_FOUND) {
                json_decref(apps);
                return fail(r, &e);
            }
            e = (struct perr){0};
            continue;
        }
        json_array_append_new(apps, o);
    }
    http_send_json(r, 200, json_pack("{s:i,s:s,s:o}", "page_size", page.max, "next_page_token",
                                     page.more ? page.ids[page.n - 1] : "", "apps", apps));
    return 0;
}

int c_directory_get(struct http_req *r)
{
    struct perr e = {0};
    json_t *o = entry_json(r->db, r->params[0], &e);
    if (!o)
        return fail(r, &e);
    http_send_json(r, 200, o);
    return 0;
}

int c_directory_media(struct http_req *r)
{
    struct perr e = {0};
    struct media m;
    struct media_bytes bytes;
    if (directory_media(r->db, r->params[0], r->params[1], &m, &bytes, &e) != 0)
        return fail(r, &e);
    char *copy = h2o_mem_alloc_pool(&r->h->pool, bytes.n ? bytes.n : 1);
    memcpy(copy, bytes.data, bytes.n);
    free(bytes.data);
    char etag[CRYPTO_HASH_HEX + 2];
    snprintf(etag, sizeof etag, "\"%s\"", m.sha256);
    http_add_header(r, H2O_TOKEN_ETAG, etag);
    http_add_header_by_name(r, "x-content-type-options", "nosniff");
    http_send_text(r, 200, m.content_type, copy, bytes.n);
    return 0;
}
