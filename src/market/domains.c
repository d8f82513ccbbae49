/* Domain verification: every origin the app's URLs use (redirect URLs,
 * allow lists, listing and feature URLs, webhook endpoints) must serve the
 * app's verification code at /verifyzoom.html. plaza fetches them all at
 * once with libcurl's multi interface, DOMAIN_VERIFY_TIMEOUT_MS in all and at
 * most DOMAIN_FILE_MAX bytes each, no redirects followed; https, or http for
 * loopback hosts in development. The operator may verify an origin by hand. */
#include "core/clock.h"
#include "core/db.h"
#include "core/libcurl.h"
#include "market/app_listing_store.h"
#include "market/apps_store.h"
#include "market/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Adds the origin of `url` (scheme://host[:port]) once, remembering the first field using it. */
static void add_origin(struct app_domain *out, int max, int *n, const char *url, const char *field)
{
    struct url_parts u;
    if (!url || !*url || url_parse(url, &u) != 0)
        return;
    int dflt = (strcmp(u.scheme, "https") == 0 && u.port == 443) || (strcmp(u.scheme, "http") == 0 && u.port == 80);
    char origin[DOMAIN_ORIGIN_MAX + 1];
    int host_v6 = strchr(u.host, ':') != NULL;
    if (dflt)
        snprintf(origin, sizeof origin, "%s://%s%s%s", u.scheme, host_v6 ? "[" : "", u.host, host_v6 ? "]" : "");
    else
        snprintf(origin, sizeof origin, "%s://%s%s%s:%d", u.scheme, host_v6 ? "[" : "", u.host, host_v6 ? "]" : "",
                 u.port);
    for (int i = 0; i < *n; i++)
        if (strcmp(out[i].origin, origin) == 0)
            return;
    if (*n >= max)
        return;
    struct app_domain *d = &out[(*n)++];
    memset(d, 0, sizeof *d);
    snprintf(d->origin, sizeof d->origin, "%s", origin);
    snprintf(d->used_by, sizeof d->used_by, "%s", field);
}

static const struct {
    const char *section, *field;
} section_urls[] = {
    {SECTION_BASIC, "direct_landing_url"},      {SECTION_LISTING, "privacy_policy_url"},
    {SECTION_LISTING, "terms_of_use_url"},      {SECTION_LISTING, "support_url"},
    {SECTION_LISTING, "documentation_url"},     {SECTION_LISTING, "configure_url"},
    {SECTION_FEATURES, "deauthorization_url"},  {SECTION_FEATURES, "bot_endpoint_url"},
};

static domains_url_source *webhook_urls;

void domains_webhook_urls_from(domains_url_source *source) { webhook_urls = source; }

struct webhook_origins {
    struct app_domain *out;
    int max, *n;
};

static void add_webhook_origin(const char *url, void *arg)
{
    struct webhook_origins *w = arg;
    add_origin(w->out, w->max, w->n, url, "event_subscriptions.url");
}

static int collect(struct db *db, const char *app_id, struct app_domain *out, int max, int *n, struct perr *e)
{
    struct app_details *d = malloc(sizeof *d);
    json_t *doc = NULL;
    *n = 0;
    if (!d)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    if (app_details(db, app_id, d, e) != 0 || sections_get(db, app_id, &doc, e) != 0) {
        free(d);
        return -1;
    }
    char f[64];
    for (int env = 0; env < 2; env++) {
        snprintf(f, sizeof f, "oauth.%s.redirect_url", app_env_name(env));
        add_origin(out, max, n, d->urls[env].redirect_url, f);
        snprintf(f, sizeof f, "oauth.%s.allow_list", app_env_name(env));
        for (int i = 0; i < d->urls[env].nallow; i++)
            add_origin(out, max, n, d->urls[env].allow[i], f);
    }
    free(d);
    for (size_t i = 0; i < sizeof section_urls / sizeof section_urls[0]; i++) {
        snprintf(f, sizeof f, "%s.%s", section_urls[i].section, section_urls[i].field);
        add_origin(out, max, n, sections_str(doc, section_urls[i].section, section_urls[i].field), f);
    }
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(json_object_get(doc, SECTION_BASIC), "whitelist_urls"), i, u)
        add_origin(out, max, n, json_string_value(u), "basic_information.whitelist_urls");
    json_decref(doc);
    /* webhook endpoints: events/ owns them, and says where they are */
    struct webhook_origins w = {out, max, n};
    if (webhook_urls && webhook_urls(db, app_id, add_webhook_origin, &w) != 0)
        return -1;
    return 0;
}

static int code_of(struct db *db, const char *app_id, char code[48])
{
    app_store_verification_code(db, app_id, code);
    if (code[0])
        return 0;
    char fresh[48];
    crypto_token(fresh, sizeof fresh, 24);
    if (app_store_offer_verification_code(db, app_id, fresh) != DB_DONE)
        return -1;
    app_store_verification_code(db, app_id, code); /* another request may have offered its own first */
    return code[0] ? 0 : -1;
}

/* Fills the stored state of each collected origin. */
static void load_state(struct db *db, const char *app_id, struct app_domain *d, int n)
{
    for (int i = 0; i < n; i++)
        domain_store_get(db, app_id, &d[i]);
}

int domains_list(struct db *db, const char *app_id, struct app_domains *list, char code[48], struct perr *e)
{
    struct app_domain *out = list->items;
    int *n = &list->n;
    int max = list->max;
    if (collect(db, app_id, out, max, n, e) != 0)
        return -1;
    if (code_of(db, app_id, code) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the verification code failed.");
    load_state(db, app_id, out, *n);
    return 0;
}

/* ---- fetching ---------------------------------------------------------------- */

struct fetch {
    CURL *h;
    struct app_domain *d;
    char body[DOMAIN_FILE_MAX + 1];
    size_t n;
    int too_big;
    char err[CURL_ERROR_SIZE];
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    struct fetch *f = ud;
    size_t n = size * nmemb;
    if (n > DOMAIN_FILE_MAX - f->n) {
        f->too_big = 1;
        return 0; /* aborts the transfer */
    }
    memcpy(f->body + f->n, data, n);
    f->n += n;
    f->body[f->n] = '\0';
    return n;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The file's content without surrounding white space. */
static const char *trimmed(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Fetches every origin in `todo` at once and sets verified/last_error. */
static void fetch_all(struct app_domain **todo, int n, const char *code)
{
    const struct libcurl *c = libcurl();
    if (!c) {
        for (int i = 0; i < n; i++)
            snprintf(todo[i]->last_error, sizeof todo[i]->last_error, "libcurl is not available on this plaza");
        return;
    }
    struct fetch *f = calloc((size_t)n, sizeof *f);
    CURLM *m = c->multi_init();
    if (!f || !m) {
        free(f);
        if (m)
            c->multi_cleanup(m);
        return;
    }
    for (int i = 0; i < n; i++) {
        char url[DOMAIN_ORIGIN_MAX + 32];
        snprintf(url, sizeof url, "%s/verifyzoom.html", todo[i]->origin);
        f[i].d = todo[i];
        if (!(f[i].h = c->easy_init()))
            continue;
        c->easy_setopt(f[i].h, CURLOPT_URL, url);
        c->easy_setopt(f[i].h, CURLOPT_PROTOCOLS_STR, "http,https");
        c->easy_setopt(f[i].h, CURLOPT_NOSIGNAL, 1L);
        c->easy_setopt(f[i].h, CURLOPT_FOLLOWLOCATION, 0L);
        c->easy_setopt(f[i].h, CURLOPT_TIMEOUT_MS, (long)DOMAIN_VERIFY_TIMEOUT_MS);
        c->easy_setopt(f[i].h, CURLOPT_CONNECTTIMEOUT_MS, (long)DOMAIN_VERIFY_TIMEOUT_MS);
        c->easy_setopt(f[i].h, CURLOPT_WRITEFUNCTION, on_body);
        c->easy_setopt(f[i].h, CURLOPT_WRITEDATA, &f[i]);
        c->easy_setopt(f[i].h, CURLOPT_ERRORBUFFER, f[i].err);
        c->easy_setopt(f[i].h, CURLOPT_USERAGENT, "plaza-domain-verification");
        c->easy_setopt(f[i].h, CURLOPT_PRIVATE, &f[i]);
        c->multi_add_handle(m, f[i].h);
    }
    int64_t deadline = mono_ms() + DOMAIN_VERIFY_TIMEOUT_MS + 200;
    int running = 1;
    while (running && mono_ms() < deadline) {
        if (c->multi_perform(m, &running) != CURLM_OK)
            break;
        int left = (int)(deadline - mono_ms());
        if (running && left > 0)
            c->multi_poll(m, NULL, 0, left < 100 ? left : 100, NULL);
    }
    CURLMsg *msg;
    int q;
    while ((msg = c->multi_info_read(m, &q)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        struct fetch *fe = NULL;
        c->easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&fe);
        if (!fe)
            continue;
        long status = 0;
        c->easy_getinfo(fe->h, CURLINFO_RESPONSE_CODE, &status);
        struct app_domain *d = fe->d;
        if (fe->too_big)
            snprintf(d->last_error, sizeof d->last_error, "verifyzoom.html is larger than %d bytes", DOMAIN_FILE_MAX);
        else if (msg->data.result != CURLE_OK)
            snprintf(d->last_error, sizeof d->last_error, "fetching failed: %.140s",
                     fe->err[0] ? fe->err : c->easy_strerror(msg->data.result));
        else if (status != 200)
            snprintf(d->last_error, sizeof d->last_error, "verifyzoom.html answered HTTP %ld", status);
        else if (strcmp(trimmed(fe->body), code) != 0)
            snprintf(d->last_error, sizeof d->last_error, "verifyzoom.html does not hold the verification code");
        else
            d->verified = 1;
        fe->d = NULL; /* answered */
    }
    for (int i = 0; i < n; i++) {
        if (f[i].d && !f[i].d->verified && !f[i].d->last_error[0])
            snprintf(f[i].d->last_error, sizeof f[i].d->last_error, "no answer within %d ms",
                     DOMAIN_VERIFY_TIMEOUT_MS);
        if (f[i].h) {
            c->multi_remove_handle(m, f[i].h);
            c->easy_cleanup(f[i].h);
        }
    }
    c->multi_cleanup(m);
    free(f);
}

int domains_verify(struct db *db, const char *app_id, const struct domain_check *check, struct app_domains *list,
                   struct perr *e)
{
    struct app_domain *out = list->items;
    int *n = &list->n;
    const char *origin = check->origin;
    int manual = check->manual;
    char code[48];
    if (domains_list(db, app_id, list, code, e) != 0)
        return -1;
    struct app_domain *todo[DOMAINS_MAX];
    int ntodo = 0, found = 0;
    for (int i = 0; i < *n && ntodo < DOMAINS_MAX; i++) {
        if (origin && strcmp(out[i].origin, origin) != 0)
            continue;
        found = 1;
        if (out[i].verified && !origin)
            continue;
        out[i].verified = 0;
        out[i].last_error[0] = '\0';
        todo[ntodo++] = &out[i];
    }
    if (origin && !found)
        return perr_field(e, "domain", "%.100s is not used by the app's URLs", origin);
    if (manual && !origin)
        return perr_field(e, "domain", "is required for a manual verification: the origin to mark verified");
    int64_t now = clock_now();
    if (manual)
        todo[0]->verified = 1;
    else
        fetch_all(todo, ntodo, code);
    for (int i = 0; i < ntodo; i++) {
        struct app_domain *d = todo[i];
        d->checked_at = now;
        if (d->verified) {
            d->verified_at = now;
            snprintf(d->method, sizeof d->method, "%s", manual ? "manual" : "fetch");
            d->last_error[0] = '\0';
        }
        if (domain_store_put(db, app_id, d, now) != DB_DONE)
            return perr_set(e, PERR_INTERNAL, "Storing the verification failed.");
    }
    return 0;
}
