/* Build-time tool: writes plaza's scope catalogue as a C source. It reads
 * - Zoom's OpenAPI files: each operation's x-macro-scopes (classic),
 *   x-granular-scopes (granular), its security requirements, the scopes named
 *   in its description ("**Scopes:** `a`, `b`") and the security scheme's
 *   scope list;
 * - spec/app-scopes-guide.tsv: the app-scopes guide's two tables (level, scope,
 *   description, accessible APIs);
 * - spec/scopes-plaza.tsv: plaza's part (scope, kind, source, endpoints,
 *   consent words).
 * Usage:
 *   genscopes spec/app-scopes-guide.tsv spec/scopes-plaza.tsv spec/zoom-*.json > build/gen/scope_catalog.c
 * Every scope gets a description (the guide's, else plaza's words, else made
 * from its one operation's summary or from its name), a level and the
 * operations that accept it. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *catalog; /* name -> {desc, words, levels{}, granular, sources[], apis, ops[]} */
static json_t *ops;     /* array of {key, id, method, path, summary} */
static json_t *op_index; /* "GET /users/{userId}" -> index in ops */

static int failed;

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "genscopes: %s: %s\n", what, detail);
    exit(1);
}

/* A scope name as Zoom writes them: lower-case letters, digits, '_' and ':'. */
static int scope_shaped(const char *s)
{
    if (!*s || *s == ':')
        return 0;
    for (const char *p = s; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == ':'))
            return 0;
    return s[strlen(s) - 1] != ':';
}

static json_t *entry(const char *name)
{
    json_t *e = json_object_get(catalog, name);
    if (!e) {
        e = json_pack("{s:s,s:s,s:{},s:b,s:[],s:s,s:[]}", "desc", "", "words", "", "levels", "granular", 0,
                      "sources", "apis", "", "ops");
        json_object_set_new(catalog, name, e);
    }
    return e;
}

static void add_unique(json_t *array, json_t *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v) if (json_equal(v, value))
    {
        json_decref(value);
        return;
    }
    json_array_append_new(array, value);
}

static json_t *op_key(const char *method, const char *path)
{
    char key[512];
    char m[16];
    size_t i = 0;
    for (; method[i] && i < sizeof m - 1; i++)
        m[i] = (char)toupper((unsigned char)method[i]);
    m[i] = '\0';
    snprintf(key, sizeof key, "%s %s", m, path);
    return json_string(key);
}

/* The index of the operation, added when new. */
static size_t op_add(const char *method, const char *path, const char *id, const char *summary)
{
    json_t *key = op_key(method, path);
    json_t *at = json_object_get(op_index, json_string_value(key));
    if (at) {
        json_t *o = json_array_get(ops, (size_t)json_integer_value(at));
        if (id && id[0] && !json_string_value(json_object_get(o, "id"))[0]) {
            json_object_set_new(o, "id", json_string(id));
            json_object_set_new(o, "summary", json_string(summary ? summary : ""));
        }
        json_decref(key);
        return (size_t)json_integer_value(at);
    }
    size_t n = json_array_size(ops);
    char m[16];
    const char *k = json_string_value(key);
    size_t ml = (size_t)(strchr(k, ' ') - k);
    memcpy(m, k, ml);
    m[ml] = '\0';
    json_array_append_new(ops, json_pack("{s:s,s:s,s:s,s:s}", "method", m, "path", path, "id", id ? id : "",
                                         "summary", summary ? summary : ""));
    json_object_set_new(op_index, k, json_integer((json_int_t)n));
    json_decref(key);
    return n;
}

/* Records that `name` (possibly "a,b,c", a slip in Zoom's files) is accepted by op (or by nothing when op < 0). */
static void add_scope(const char *name, int granular, const char *source, long op)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", name);
    for (char *save = NULL, *s = strtok_r(buf, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
        while (*s == ' ')
            s++;
        char *end = s + strlen(s);
        while (end > s && end[-1] == ' ')
            *--end = '\0';
        if (!scope_shaped(s)) {
            fprintf(stderr, "genscopes: %s: '%s' is not a scope name\n", source, s);
            failed = 1;
            continue;
        }
        json_t *e = entry(s);
        if (granular)
            json_object_set_new(e, "granular", json_true());
        add_unique(json_object_get(e, "sources"), json_string(source));
        if (op >= 0)
            add_unique(json_object_get(e, "ops"), json_integer(op));
    }
}

static void add_list(json_t *list, int granular, const char *source, long op)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) if (json_is_string(v)) add_scope(json_string_value(v), granular, source, op);
}

/* "**Scopes:** `meeting:read`, `meeting:read:admin` <br> **[Rate Limit Label]...": the backticked names
 * up to the end of the line, a <br> or the next bold text. */
static void description_scopes(const char *text, const char *source, long op)
{
    static const char *const marks[] = {"**Scopes:**", "**Scope:**", "**Scopes**:", "**Scope**:", NULL};
    for (const char *const *m = marks; *m; m++) {
        for (const char *p = strstr(text, *m); p; p = strstr(p, *m)) {
            p += strlen(*m);
            const char *end = p + strcspn(p, "\n");
            const char *br = strstr(p, "<br"), *bold = strstr(p, "**"), *cbr = strstr(p, "</br");
            if (br && br < end)
                end = br;
            if (cbr && cbr < end)
                end = cbr;
            if (bold && bold < end)
                end = bold;
            for (const char *q = p; q < end;) {
                const char *a = memchr(q, '`', (size_t)(end - q));
                if (!a)
                    break;
                const char *b = memchr(a + 1, '`', (size_t)(end - a - 1));
                if (!b)
                    break;
                char name[256];
                size_t n = (size_t)(b - a - 1);
                if (n > 0 && n < sizeof name) {
                    memcpy(name, a + 1, n);
                    name[n] = '\0';
                    if (strchr(name, ':'))
                        add_scope(name, 0, source, op);
                }
                q = b + 1;
            }
        }
    }
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void read_openapi(const char *file)
{
    json_error_t err;
    json_t *spec = json_load_file(file, 0, &err);
    if (!spec) {
        fprintf(stderr, "genscopes: %s: %s (line %d)\n", file, err.text, err.line);
        exit(1);
    }
    const char *source = base_name(file);
    const char *path;
    json_t *item;
    json_object_foreach(json_object_get(spec, "paths"), path, item)
    {
        const char *method;
        json_t *o;
        json_object_foreach(item, method, o)
        {
            if (!json_is_object(o) || !json_object_get(o, "responses"))
                continue; /* "parameters" and other non-operations */
            char v2[512];
            snprintf(v2, sizeof v2, "/v2%s", path);
            long at = (long)op_add(method, v2, json_string_value(json_object_get(o, "operationId")),
                                   json_string_value(json_object_get(o, "summary")));
            json_t *ext = json_object_get(o, "extensions");
            add_list(json_object_get(ext, "x-macro-scopes"), 0, source, at);
            add_list(json_object_get(o, "x-macro-scopes"), 0, source, at);
            add_list(json_object_get(ext, "x-granular-scopes"), 1, source, at);
            add_list(json_object_get(o, "x-granular-scopes"), 1, source, at);
            size_t i;
            json_t *req;
            json_array_foreach(json_object_get(o, "security"), i, req)
            {
                const char *scheme;
                json_t *list;
                json_object_foreach(req, scheme, list) add_list(list, 0, source, at);
            }
            const char *d = json_string_value(json_object_get(o, "description"));
            if (d)
                description_scopes(d, source, at);
        }
    }
    /* the security schemes' scope lists (OpenAPI 3 flows, Swagger 2 securityDefinitions) */
    json_t *schemes = json_object_get(json_object_get(spec, "components"), "securitySchemes");
    if (!schemes)
        schemes = json_object_get(spec, "securityDefinitions");
    const char *sname;
    json_t *scheme;
    json_object_foreach(schemes, sname, scheme)
    {
        json_t *flows = json_object_get(scheme, "flows");
        const char *fname;
        json_t *flow;
        json_object_foreach(flows, fname, flow)
        {
            const char *name;
            json_t *x;
            json_object_foreach(json_object_get(flow, "scopes"), name, x) add_scope(name, 0, source, -1);
        }
        const char *name;
        json_t *x;
        json_object_foreach(json_object_get(scheme, "scopes"), name, x) add_scope(name, 0, source, -1);
    }
    json_decref(spec);
}

/* Splits a tab-separated line in place into at most max fields; returns how many. */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *t = strchr(p, '\t');
        if (!t)
            break;
        *t = '\0';
        p = t + 1;
    }
    return n;
}

static FILE *open_data(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f)
        die(file, "cannot open");
    return f;
}

static void read_guide(const char *file)
{
    FILE *f = open_data(file);
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *c[4];
        int n = split_tabs(line, c, 4);
        if (n < 3 || (strcmp(c[0], "admin") != 0 && strcmp(c[0], "user") != 0)) {
            fprintf(stderr, "genscopes: %s: bad line starting '%.40s'\n", file, c[0]);
            failed = 1;
            continue;
        }
        add_scope(c[1], 0, "app-scopes guide", -1);
        json_t *e = json_object_get(catalog, c[1]);
        if (!e)
            continue;
        json_object_set_new(json_object_get(e, "levels"), c[0], json_true());
        if (!json_string_value(json_object_get(e, "desc"))[0])
            json_object_set_new(e, "desc", json_string(c[2]));
        if (n > 3 && c[3][0] && !json_string_value(json_object_get(e, "apis"))[0])
            json_object_set_new(e, "apis", json_string(c[3]));
    }
    fclose(f);
}

static void read_plaza(const char *file)
{
    FILE *f = open_data(file);
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *c[5];
        int n = split_tabs(line, c, 5);
        if (n < 5 || (strcmp(c[1], "classic") != 0 && strcmp(c[1], "granular") != 0)) {
            fprintf(stderr, "genscopes: %s: bad line starting '%.40s'\n", file, c[0]);
            failed = 1;
            continue;
        }
        add_scope(c[0], strcmp(c[1], "granular") == 0, c[2], -1);
        json_t *e = json_object_get(catalog, c[0]);
        if (!e)
            continue;
        if (c[4][0])
            json_object_set_new(e, "words", json_string(c[4]));
        /* endpoints: "GET /users/{userId}, DELETE /users/{userId}/token" */
        for (char *save = NULL, *ep = strtok_r(c[3], ",", &save); ep; ep = strtok_r(NULL, ",", &save)) {
            while (*ep == ' ')
                ep++;
            char *sp = strchr(ep, ' ');
            if (!sp || sp[1] != '/') {
                fprintf(stderr, "genscopes: %s: %s: bad endpoint '%s'\n", file, c[0], ep);
                failed = 1;
                continue;
            }
            *sp = '\0';
            char v2[512];
            snprintf(v2, sizeof v2, "/v2%s", sp + 1);
            add_unique(json_object_get(e, "ops"), json_integer((json_int_t)op_add(ep, v2, NULL, NULL)));
        }
    }
    fclose(f);
}

/* ---- descriptions made where no source gives one ------------------------------ */

static int has_part(const char *name, const char *part)
{
    size_t n = strlen(part);
    for (const char *p = strchr(name, ':'); p; p = strchr(p + 1, ':'))
        if (strncmp(p + 1, part, n) == 0 && (p[1 + n] == ':' || p[1 + n] == '\0'))
            return 1;
    return 0;
}

static void words_of(const char *s, size_t n, char *out, size_t size)
{
    size_t j = 0;
    for (size_t i = 0; i < n && j + 1 < size; i++)
        out[j++] = s[i] == '_' ? ' ' : s[i];
    out[j] = '\0';
}

static void made_description(const char *name, json_t *e, char *out, size_t size)
{
    int admin = has_part(name, "admin"), master = has_part(name, "master");
    const char *whose = admin ? " (any user on the account)" : master ? " (the sub accounts of a master account)" : "";
    json_t *list = json_object_get(e, "ops");
    if (json_is_true(json_object_get(e, "granular")) && json_array_size(list) == 1) {
        json_t *o = json_array_get(ops, (size_t)json_integer_value(json_array_get(list, 0)));
        const char *summary = json_string_value(json_object_get(o, "summary"));
        size_t sl = summary ? strlen(summary) : 0;
        while (sl > 0 && isspace((unsigned char)summary[sl - 1]))
            sl--;
        if (sl > 0) {
            snprintf(out, size, "%.*s%s", (int)sl, summary, whose);
            return;
        }
    }
    /* the parts other than admin and master: service, action, data... */
    const char *part[8];
    size_t len[8], n = 0;
    for (const char *p = name; *p && n < 8;) {
        size_t l = strcspn(p, ":");
        if (!((l == 5 && strncmp(p, "admin", 5) == 0) || (l == 6 && strncmp(p, "master", 6) == 0)) || n == 0)
            part[n] = p, len[n++] = l;
        p += l + (p[l] == ':');
    }
    char service[96], data[160] = "";
    words_of(part[0], len[0], service, sizeof service);
    const char *action = n > 1 ? part[1] : "";
    size_t alen = n > 1 ? len[1] : 0;
    const char *verb = alen == 4 && strncmp(action, "read", 4) == 0     ? "View"
                       : alen == 5 && strncmp(action, "write", 5) == 0  ? (n > 2 ? "Create" : "View and manage")
                       : alen == 6 && strncmp(action, "update", 6) == 0 ? "Update"
                       : alen == 6 && strncmp(action, "delete", 6) == 0 ? "Delete"
                       : master                                         ? "View and manage"
                                                                         : "Use";
    for (size_t i = 2; i < n; i++) {
        char w[96];
        words_of(part[i], len[i], w, sizeof w);
        size_t dl = strlen(data);
        snprintf(data + dl, sizeof data - dl, "%s%s", dl ? ", " : "", w);
    }
    if (n <= 2)
        snprintf(out, size, "%s %s information%s", verb, service, whose);
    else
        snprintf(out, size, "%s %s: %s%s", verb, service, data, whose);
}

/* ---- output ------------------------------------------------------------------- */

static void emit_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\' || c == '?') /* '?': no trigraphs */
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\%03o", c);
        else
            putchar(c);
    }
    putchar('"');
}

static int by_name(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static int by_int(const void *a, const void *b)
{
    json_int_t x = json_integer_value(*(json_t *const *)a), y = json_integer_value(*(json_t *const *)b);
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: genscopes GUIDE.tsv PLAZA.tsv OPENAPI.json...\n");
        return 2;
    }
    catalog = json_object();
    ops = json_array();
    op_index = json_object();
    for (int i = 3; i < argc; i++)
        read_openapi(argv[i]);
    read_plaza(argv[2]);
    read_guide(argv[1]);
    if (failed)
        return 1;

    size_t n = json_object_size(catalog), k = 0;
    const char **names = malloc(n * sizeof *names);
    const char *name;
    json_t *e;
    json_object_foreach(catalog, name, e) names[k++] = name;
    qsort(names, n, sizeof *names, by_name);

    printf("/* Generated by tools/genscopes.c from %s, %s", argv[1], argv[2]);
    for (int i = 3; i < argc; i++)
        printf(", %s", argv[i]);
    printf(": do not edit. */\n#include \"market/market.h\"\n\n#include <stddef.h>\n\n");
    printf("const struct scope_op scope_ops[] = {\n");
    size_t i;
    json_t *o;
    json_array_foreach(ops, i, o)
    {
        printf("    {");
        emit_string(json_string_value(json_object_get(o, "id")));
        printf(", \"%s\", ", json_string_value(json_object_get(o, "method")));
        emit_string(json_string_value(json_object_get(o, "path")));
        printf(", ");
        emit_string(json_string_value(json_object_get(o, "summary")));
        printf("},\n");
    }
    printf("};\nconst size_t scope_ops_count = %zu;\n\n", json_array_size(ops));

    printf("const struct scope_def scope_catalog[] = {\n");
    for (k = 0; k < n; k++) {
        e = json_object_get(catalog, names[k]);
        char made[512];
        const char *desc = json_string_value(json_object_get(e, "desc"));
        const char *words = json_string_value(json_object_get(e, "words"));
        if (!desc[0])
            desc = words;
        if (!desc[0]) {
            made_description(names[k], e, made, sizeof made);
            desc = made;
        }
        json_t *levels = json_object_get(e, "levels");
        int admin = has_part(names[k], "admin") || has_part(names[k], "master") ||
                    (json_object_get(levels, "admin") && !json_object_get(levels, "user"));
        printf("    {");
        emit_string(names[k]);
        printf(",\n     ");
        emit_string(desc);
        printf(",\n     ");
        emit_string(words[0] ? words : desc);
        printf(",\n     %s, %s, (const char *const[]){", admin ? "SCOPE_ADMIN" : "SCOPE_USER",
               json_is_true(json_object_get(e, "granular")) ? "SCOPE_GRANULAR" : "SCOPE_CLASSIC");
        json_t *v;
        json_array_foreach(json_object_get(e, "sources"), i, v)
        {
            emit_string(json_string_value(v));
            printf(", ");
        }
        printf("NULL},\n     ");
        emit_string(json_string_value(json_object_get(e, "apis")));
        json_t *list = json_object_get(e, "ops");
        size_t nops = json_array_size(list);
        if (nops == 0) {
            printf(", NULL, 0},\n");
            continue;
        }
        json_t **sorted = malloc(nops * sizeof *sorted);
        json_array_foreach(list, i, v) sorted[i] = v;
        qsort(sorted, nops, sizeof *sorted, by_int);
        printf(",\n     (const unsigned short[]){");
        for (i = 0; i < nops; i++)
            printf("%s%lld", i ? ", " : "", (long long)json_integer_value(sorted[i]));
        printf("}, %zu},\n", nops);
        free(sorted);
    }
    printf("};\nconst size_t scope_catalog_count = %zu;\n", n);
    free(names);
    json_decref(catalog);
    json_decref(ops);
    json_decref(op_index);
    return 0;
}
