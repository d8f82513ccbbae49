/* The client's output for people: `key: value` lines for one object (nested
 * keys dotted, arrays of plain values joined), aligned tables for lists.
 * Text from the server is printed with control characters masked. */
#include "cli/cli_internal.h"

#include <stdlib.h>
#include <string.h>

#define CLI_MAX_COLUMNS 12
#define CLI_MAX_DEPTH 8 /* deeper values print as compact JSON */
#define CLI_KEY_PATH_MAX 256

void cli_put(FILE *f, const char *s)
{
    for (s = s ? s : "-"; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        fputc(ch < 0x20 || ch == 0x7f ? '?' : ch, f);
    }
}

/* Characters on screen, counting each UTF-8 sequence once. */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

/* A plain value as text; buf holds numbers. Objects and arrays have none. */
static const char *scalar_text(json_t *v, char *buf, size_t cap)
{
    if (!v)
        return NULL;
    switch (json_typeof(v)) {
    case JSON_STRING:
        return json_string_value(v)[0] ? json_string_value(v) : "-";
    case JSON_INTEGER:
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    case JSON_REAL:
        snprintf(buf, cap, "%.17g", json_real_value(v));
        return buf;
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    case JSON_NULL:
        return "-";
    default:
        return NULL;
    }
}

static int all_scalars(json_t *array)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v) if (json_is_object(v) || json_is_array(v)) return 0;
    return 1;
}

static void print_line_start(const char *path)
{
    if (path[0]) {
        cli_put(stdout, path);
        fputs(": ", stdout);
    }
}

static void print_compact(const char *path, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    print_line_start(path);
    cli_put(stdout, s ? s : "?");
    fputc('\n', stdout);
    free(s);
}

static void print_joined(const char *path, json_t *array)
{
    size_t i;
    json_t *v;
    char buf[64];
    print_line_start(path);
    json_array_foreach(array, i, v)
    {
        if (i)
            fputs(", ", stdout);
        cli_put(stdout, scalar_text(v, buf, sizeof buf));
    }
    fputs(json_array_size(array) ? "\n" : "-\n", stdout);
}

static void print_value(const char *path, json_t *v, int depth);

/* path + "." + key, or path + "[i]"; falls back to compact JSON when it does not fit. */
static void print_child(const char *path, const char *key, size_t index, json_t *v, int depth)
{
    char sub[CLI_KEY_PATH_MAX];
    int n = key ? snprintf(sub, sizeof sub, "%s%s%s", path, path[0] ? "." : "", key)
                : snprintf(sub, sizeof sub, "%s[%zu]", path, index);
    if (n < 0 || (size_t)n >= sizeof sub)
        print_compact(path, v);
    else
        print_value(sub, v, depth + 1);
}

static void print_value(const char *path, json_t *v, int depth)
{
    char buf[64];
    const char *key;
    json_t *child;
    size_t i;
    if (depth > CLI_MAX_DEPTH) {
        print_compact(path, v);
    } else if (json_is_object(v) && json_object_size(v)) {
        json_object_foreach(v, key, child) print_child(path, key, 0, child, depth);
    } else if (json_is_array(v) && !all_scalars(v)) {
        json_array_foreach(v, i, child) print_child(path, NULL, i, child, depth);
    } else if (json_is_array(v)) {
        print_joined(path, v);
    } else {
        print_line_start(path);
        cli_put(stdout, json_is_object(v) ? "-" : scalar_text(v, buf, sizeof buf));
        fputc('\n', stdout);
    }
}

void cli_render_object(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    (void)c;
    (void)arg;
    if (doc)
        print_value("", doc, 0);
}

/* Finds `name` anywhere in the first levels of doc. */
static int has_member(json_t *doc, const char *name, int depth)
{
    const char *key;
    json_t *v;
    if (!json_is_object(doc) || depth > 3)
        return 0;
    if (json_is_string(json_object_get(doc, name)))
        return 1;
    json_object_foreach(doc, key, v) if (has_member(v, name, depth + 1)) return 1;
    return 0;
}

void cli_render_secret(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    cli_render_object(c, doc, arg);
    if (has_member(doc, "client_secret", 0))
        fputs("\nThe client_secret above is shown only once: store it now. "
              "`plaza app rotate-secret` makes a new one.\n",
              stdout);
}

/* "Deleted subscription SUB_ID of APP_ID.": the thing is the last argument,
 * what it belonged to the first. */
void cli_render_deleted(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    (void)doc;
    printf("Deleted %s ", (const char *)arg);
    cli_put(stdout, c->args.npos ? c->args.pos[c->args.npos - 1] : "?");
    if (c->args.npos > 1) {
        fputs(" of ", stdout);
        cli_put(stdout, c->args.pos[0]);
    }
    fputs(".\n", stdout);
}

void cli_render_none(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    (void)c, (void)doc, (void)arg;
}

void cli_render_ca(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    (void)c;
    (void)arg;
    const char *pem = json_string_value(json_object_get(doc, "certificate"));
    if (!pem) {
        cli_render_object(c, doc, NULL);
        return;
    }
    fputs(pem, stdout);
    fprintf(stderr,
            "plaza's CA (SHA-256 %s, until %s). Save it, then trust it:\n"
            "  plaza ca > plaza-ca.pem\n"
            "  curl     curl --cacert plaza-ca.pem https://zoom.us/...\n"
            "  Node     NODE_EXTRA_CA_CERTS=$PWD/plaza-ca.pem node app.js\n"
            "  Python   SSL_CERT_FILE=$PWD/plaza-ca.pem REQUESTS_CA_BUNDLE=$PWD/plaza-ca.pem python app.py\n"
            "           (both replace the system's CAs: add them with cat /etc/ssl/certs/ca-certificates.crt\n"
            "           plaza-ca.pem > bundle.pem when the app also calls other HTTPS hosts)\n"
            "  Java     keytool -importcert -noprompt -alias plaza -file plaza-ca.pem -keystore plaza.jks\n"
            "           -storepass changeit; java -Djavax.net.ssl.trustStore=plaza.jks\n"
            "           -Djavax.net.ssl.trustStorePassword=changeit ...\n"
            "  Debian   cp plaza-ca.pem /usr/local/share/ca-certificates/plaza-ca.crt && update-ca-certificates\n"
            "See docs/tls.md.\n",
            json_string_value(json_object_get(doc, "sha256_fingerprint")),
            json_string_value(json_object_get(doc, "not_after")));
}

void cli_render_field(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    json_t *v = json_object_get(doc, arg);
    char buf[64];
    const char *s = json_is_object(v) || json_is_array(v) || !v ? NULL : scalar_text(v, buf, sizeof buf);
    if (!s) {
        cli_render_object(c, doc, NULL);
        return;
    }
    cli_put(stdout, s);
    fputc('\n', stdout);
}

/* One table cell: a plain member of row, or "-". */
static const char *cell(json_t *row, const char *key, char *buf, size_t cap)
{
    const char *s = scalar_text(json_object_get(row, key), buf, cap);
    return s ? s : "-";
}

static void print_cell(const char *s, size_t width, int last)
{
    cli_put(stdout, s);
    if (last)
        return;
    for (size_t w = text_width(s); w < width + 2; w++)
        fputc(' ', stdout);
}

static void print_rows(json_t *rows, const struct cli_column *cols, int ncols, const size_t *width)
{
    char buf[64];
    size_t i;
    json_t *row;
    for (int k = 0; k < ncols; k++)
        print_cell(cols[k].header, width[k], k == ncols - 1);
    fputc('\n', stdout);
    json_array_foreach(rows, i, row)
    {
        for (int k = 0; k < ncols; k++)
            print_cell(cell(row, cols[k].key, buf, sizeof buf), width[k], k == ncols - 1);
        fputc('\n', stdout);
    }
}

void cli_render_table(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    const struct cli_table *t = arg;
    json_t *rows = json_object_get(doc, t->list_key), *row;
    size_t width[CLI_MAX_COLUMNS], i;
    char buf[64];
    int ncols = 0;
    (void)c;
    if (!json_array_size(rows)) {
        puts(t->empty);
    } else {
        for (; ncols < CLI_MAX_COLUMNS && t->columns[ncols].header; ncols++) {
            width[ncols] = text_width(t->columns[ncols].header);
            json_array_foreach(rows, i, row)
            {
                size_t w = text_width(cell(row, t->columns[ncols].key, buf, sizeof buf));
                width[ncols] = w > width[ncols] ? w : width[ncols];
            }
        }
        print_rows(rows, t->columns, ncols, width);
    }
    json_t *next = json_object_get(doc, "next_page_token");
    if (json_is_string(next) && json_string_value(next)[0]) {
        fputs("\nnext page: --next-page-token ", stdout);
        cli_put(stdout, json_string_value(next));
        fputc('\n', stdout);
    }
}
