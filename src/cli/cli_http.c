/* One request from the client to the control API over libcurl, and what
 * becomes of the answer: printed raw (--json), rendered for people, or, for
 * an error, the server's problem+json detail and field errors on stderr. */
#include "cli/cli_internal.h"

#include "core/libcurl.h"

#include <stdlib.h>
#include <string.h>

#define CLI_BODY_MAX (8u << 20) /* answers larger than this are refused */
#define CLI_CONNECT_TIMEOUT_S 5L
#define CLI_TIMEOUT_S 60L

struct cli_buf {
    char *p;
    size_t n, cap;
    int too_big;
};

static size_t collect(char *data, size_t size, size_t nmemb, void *ud)
{
    struct cli_buf *b = ud;
    size_t n = size * nmemb; /* libcurl: size is always 1 */
    if (n > CLI_BODY_MAX - b->n) {
        b->too_big = 1;
        return 0;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return 0;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
    b->p[b->n] = '\0';
    return n;
}

/* libcurl is loaded on first use (core/libcurl.h); client_main checked it loads. */
static const struct libcurl *lc(void) { return libcurl(); }

static int add_header(struct curl_slist **list, const char *h)
{
    struct curl_slist *l = lc()->slist_append(*list, h);
    if (!l)
        return -1;
    *list = l;
    return 0;
}

static struct curl_slist *request_headers(const struct cli_ctx *c, const char *content_type)
{
    struct curl_slist *h = NULL;
    char auth[CLI_ADMIN_KEY_MAX + 32];
    int n = c->admin_key ? snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->admin_key) : 0;
    if (n < 0 || (size_t)n >= sizeof auth || add_header(&h, "Accept: application/json") != 0 ||
        add_header(&h, "Expect:") != 0 || (c->admin_key && add_header(&h, auth) != 0) ||
        (content_type && add_header(&h, content_type) != 0)) {
        lc()->slist_free_all(h);
        return NULL;
    }
    return h;
}

/* What one exchange sends: payload NULL sends no body. */
struct cli_request {
    const char *url, *method;
    const char *payload;
    size_t payload_len;
    struct curl_slist *headers;
};

static int setup(CURL *h, const struct cli_request *req, struct cli_buf *resp, char *errbuf)
{
    const char *url = req->url, *method = req->method, *payload = req->payload;
    size_t payload_len = req->payload_len;
    struct curl_slist *hdrs = req->headers;
    CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                                                  \
    do {                                                                                                               \
        if (rc == CURLE_OK)                                                                                            \
            rc = lc()->easy_setopt(h, opt, val);                                                                        \
    } while (0)
    SET(CURLOPT_URL, url);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_CONNECTTIMEOUT, CLI_CONNECT_TIMEOUT_S);
    SET(CURLOPT_TIMEOUT, CLI_TIMEOUT_S);
    SET(CURLOPT_HTTPHEADER, hdrs);
    SET(CURLOPT_WRITEFUNCTION, collect);
    SET(CURLOPT_WRITEDATA, resp);
    SET(CURLOPT_ERRORBUFFER, errbuf);
    SET(CURLOPT_USERAGENT, "plaza-cli");
    if (payload) {
        SET(CURLOPT_POSTFIELDS, payload);
        SET(CURLOPT_POSTFIELDSIZE, (long)payload_len);
    }
    if (strcmp(method, "GET") != 0)
        SET(CURLOPT_CUSTOMREQUEST, method);
#undef SET
    return rc == CURLE_OK ? 0 : -1;
}

/* The server's words for an error: problem+json's detail, Zoom's message, OAuth's reason. */
static const char *error_text(json_t *doc)
{
    static const char *const keys[] = {"detail", "message", "reason", "error"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(doc, keys[i]);
        if (json_is_string(v) && json_string_value(v)[0])
            return json_string_value(v);
    }
    return NULL;
}

static void report_error(const struct cli_ctx *c, long status, const struct cli_buf *b)
{
    json_t *doc = b->n ? json_loadb(b->p, b->n, 0, NULL) : NULL;
    const char *text = error_text(doc);
    fputs("plaza: ", stderr);
    if (text) {
        cli_put(stderr, text);
    } else {
        fprintf(stderr, "the server answered HTTP %ld", status);
        if (b->n && !doc) {
            char line[201];
            snprintf(line, sizeof line, "%s", b->p);
            line[strcspn(line, "\r\n")] = '\0';
            fputs(": ", stderr);
            cli_put(stderr, line);
        }
    }
    fputc('\n', stderr);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(doc, "errors"), i, item)
    {
        json_t *field = json_object_get(item, "field"), *msg = json_object_get(item, "message");
        if (!json_is_string(field) && !json_is_string(msg))
            continue;
        fputs("  ", stderr);
        cli_put(stderr, json_is_string(field) ? json_string_value(field) : "?");
        fputs(": ", stderr);
        cli_put(stderr, json_is_string(msg) ? json_string_value(msg) : "?");
        fputc('\n', stderr);
    }
    if (status == 401 && !c->admin_key)
        fputs("  (no admin key was sent: pass --admin-key or set PLAZA_ADMIN_KEY)\n", stderr);
    json_decref(doc);
}

static int answer(struct cli_ctx *c, long status, const struct cli_buf *b, cli_render_fn *render,
                  const void *render_arg)
{
    if (status < 200 || status > 299) {
        report_error(c, status, b);
        return CLI_EXIT_FAIL;
    }
    json_error_t jerr;
    json_t *doc = b->n ? json_loadb(b->p, b->n, 0, &jerr) : NULL;
    if (b->n && !doc) {
        fprintf(stderr, "plaza: the answer from %s is not JSON: ", c->base_url);
        cli_put(stderr, jerr.text);
        fputc('\n', stderr);
        return CLI_EXIT_FAIL;
    }
    if (c->json) {
        if (b->n) {
            fwrite(b->p, 1, b->n, stdout);
            if (b->p[b->n - 1] != '\n')
                fputc('\n', stdout);
        }
    } else {
        render(c, doc, render_arg);
    }
    if (c->keep_answer && doc) {
        json_decref(c->answer);
        c->answer = json_incref(doc);
    }
    json_decref(doc);
    return CLI_EXIT_OK;
}

static void report_transport_error(const struct cli_ctx *c, CURLcode cc, const char *errbuf, int too_big)
{
    const char *why = errbuf[0] ? errbuf : lc()->easy_strerror(cc);
    if (too_big)
        fprintf(stderr, "plaza: the answer from %s is larger than %u bytes\n", c->base_url, CLI_BODY_MAX);
    else if (cc == CURLE_URL_MALFORMAT || cc == CURLE_UNSUPPORTED_PROTOCOL)
        fprintf(stderr, "plaza: %s is not a usable URL: %s\n", c->base_url, why);
    else
        fprintf(stderr, "plaza: cannot reach plaza at %s: %s%s\n", c->base_url, why,
                cc == CURLE_COULDNT_CONNECT ? " (is `plaza serve` running there? see --url, PLAZA_URL)" : "");
}

int cli_exchange(struct cli_ctx *c, const char *method, const char *path, json_t *body, cli_render_fn *render,
                 const void *render_arg)
{
    int rc = CLI_EXIT_FAIL;
    char url[CLI_BASE_URL_MAX + CLI_PATH_MAX], errbuf[CURL_ERROR_SIZE] = "";
    struct cli_buf resp = {0};
    struct curl_slist *hdrs = NULL;
    CURL *h = NULL;
    int has_body = body || strcmp(method, "POST") == 0;
    char *payload = body ? json_dumps(body, JSON_COMPACT) : has_body && !c->upload ? strdup("") : NULL;
    if (c->upload && (payload = malloc(c->upload_len + 1)) != NULL) /* a file sent as it is (media uploads) */
        memcpy(payload, c->upload, c->upload_len);
    size_t payload_len = c->upload ? c->upload_len : payload ? strlen(payload) : 0;
    const char *content_type = body ? "Content-Type: application/json"
                               : c->upload ? "Content-Type: application/octet-stream" : NULL;
    int n = snprintf(url, sizeof url, "%s%s", c->base_url, path);

    if (n < 0 || (size_t)n >= sizeof url) {
        fprintf(stderr, "plaza: the request URL is too long\n");
        goto out;
    }
    if (((has_body || c->upload) && !payload) || !(hdrs = request_headers(c, content_type)) ||
        !(h = lc()->easy_init()) ||
        setup(h, &(struct cli_request){url, method, payload, payload_len, hdrs}, &resp, errbuf) != 0) {
        fprintf(stderr, "plaza: cannot prepare the request (out of memory?)\n");
        goto out;
    }
    CURLcode cc = lc()->easy_perform(h);
    if (cc != CURLE_OK) {
        report_transport_error(c, cc, errbuf, resp.too_big);
        goto out;
    }
    long status = 0;
    lc()->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    rc = answer(c, status, &resp, render, render_arg);
out:
    if (h)
        lc()->easy_cleanup(h);
    lc()->slist_free_all(hdrs);
    free(payload);
    free(resp.p);
    json_decref(body);
    return rc;
}
