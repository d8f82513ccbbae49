/* Build-time tool: reads Zoom's OpenAPI file and writes a C source holding the
 * request-body schema of every operation plaza validates, and the query
 * parameters of every operation (as an object schema keyed "GET /users/{}"),
 * as compact JSON strings (descriptions and examples dropped). The bounds in
 * spec/request-bounds.tsv are applied first, and integers without a format
 * are marked int32. Usage:
 *   genspec spec/zoom-meeting-api.2023-10.json spec/request-bounds.tsv > build/gen/spec_schemas.c */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const operations[] = {
    "userUpdate", "userSettingsUpdate", "userAssistantCreate", "meetingCreate", "meetingUpdate",
    "meetingStatus", "meetingRegistrantCreate", "meetingRegistrantStatus", "webinarCreate", "webinarUpdate",
    "webinarStatus", "webinarRegistrantCreate", "webinarRegistrantStatus", "webinarPanelistCreate", NULL,
};

/* Keeps only what validation reads. */
static void strip(json_t *j)
{
    static const char *const drop[] = {"description", "example", "extensions", "title", "x-enum-descriptions",
                                       "default", "deprecated", NULL};
    if (json_is_object(j)) {
        for (const char *const *d = drop; *d; d++)
            json_object_del(j, *d);
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) strip(v);
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) strip(v);
    }
}

/* ---- spec/request-bounds.tsv ------------------------------------------------- */

struct bound {
    char where[8], ops[512], field[160], keyword[32];
    json_t *value; /* NULL: remove the keyword */
    int applied;
};
static struct bound bounds[64];
static int nbounds;

static void read_bounds(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "genspec: %s: cannot open\n", file);
        exit(1);
    }
    char line[1024];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *col[6] = {0};
        int n = 0;
        for (char *save = NULL, *c = strtok_r(line, "\t\n", &save); c && n < 6; c = strtok_r(NULL, "\t\n", &save))
            col[n++] = c;
        if (n < 5 || nbounds == (int)(sizeof bounds / sizeof bounds[0]) ||
            (strcmp(col[0], "body") != 0 && strcmp(col[0], "query") != 0)) {
            fprintf(stderr, "genspec: %s:%d: bad line\n", file, lineno);
            exit(1);
        }
        struct bound *b = &bounds[nbounds++];
        snprintf(b->where, sizeof b->where, "%s", col[0]);
        snprintf(b->ops, sizeof b->ops, ",%s,", col[1]);
        snprintf(b->field, sizeof b->field, "%s", col[2]);
        snprintf(b->keyword, sizeof b->keyword, "%s", col[3]);
        if (strcmp(col[4], "-") != 0) {
            json_error_t err;
            b->value = json_loads(col[4], JSON_DECODE_ANY, &err);
            if (!b->value) {
                fprintf(stderr, "genspec: %s:%d: %s\n", file, lineno, err.text);
                exit(1);
            }
        }
    }
    fclose(f);
}

/* Sets (or removes) keyword at the dotted path, in every oneOf/anyOf/allOf alternative; returns how many. */
static int apply_at(json_t *s, const char *path, const char *keyword, json_t *value)
{
    if (!json_is_object(s))
        return 0;
    int n = 0;
    static const char *const alts[] = {"oneOf", "anyOf", "allOf"};
    for (size_t a = 0; a < 3; a++) {
        size_t i;
        json_t *alt;
        json_array_foreach(json_object_get(s, alts[a]), i, alt) n += apply_at(alt, path, keyword, value);
    }
    if (!*path) {
        if (!json_object_get(s, "type"))
            return n;
        if (value)
            json_object_set(s, keyword, value);
        else
            json_object_del(s, keyword);
        return n + 1;
    }
    if (strncmp(path, "[]", 2) == 0)
        return n + apply_at(json_object_get(s, "items"), path[2] == '.' ? path + 3 : path + 2, keyword, value);
    size_t len = strcspn(path, ".[");
    char name[160];
    snprintf(name, sizeof name, "%.*s", (int)len, path);
    const char *rest = path + len;
    if (*rest == '.')
        rest++;
    return n + apply_at(json_object_get(json_object_get(s, "properties"), name), rest, keyword, value);
}

static void apply_bounds(json_t *schema, const char *where, const char *op)
{
    char key[160];
    snprintf(key, sizeof key, ",%s,", op);
    for (int i = 0; i < nbounds; i++) {
        struct bound *b = &bounds[i];
        if (strcmp(b->where, where) != 0 || (strcmp(b->ops, ",*,") != 0 && !strstr(b->ops, key)))
            continue;
        b->applied += apply_at(schema, b->field, b->keyword, b->value);
    }
}

/* Integers without a format are Zoom's int32. */
static void mark_int32(json_t *j)
{
    if (json_is_object(j)) {
        const char *t = json_string_value(json_object_get(j, "type"));
        if (t && strcmp(t, "integer") == 0 && !json_object_get(j, "format"))
            json_object_set_new(j, "format", json_string("int32"));
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) mark_int32(v);
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) mark_int32(v);
    }
}

/* "/users/{userId}/meetings" -> "/users/{}/meetings" */
static void path_shape(const char *path, char *out, size_t size)
{
    size_t j = 0;
    for (const char *p = path; *p && j + 3 < size; p++) {
        out[j++] = *p;
        if (*p == '{') {
            out[j++] = '}';
            p = strchr(p, '}');
            if (!p)
                break;
        }
    }
    out[j] = '\0';
}

static void emit_string(const char *s)
{
    putchar('"');
    for (size_t col = 0; *s; s++, col++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else
            putchar(*s);
        if (col > 100 && *s == ',') { /* keep lines short */
            printf("\"\n    \"");
            col = 0;
        }
    }
    putchar('"');
}

static void emit_schema(const char *key, json_t *schema)
{
    char *s = json_dumps(schema, JSON_COMPACT | JSON_SORT_KEYS);
    printf("    {\"%s\",\n    ", key);
    emit_string(s);
    printf("},\n");
    free(s);
}

/* The query parameters of one operation (path-level ones too) as an object schema, or NULL when none. */
static json_t *query_schema(json_t *item, json_t *op)
{
    json_t *props = json_object(), *required = json_array();
    json_t *lists[2] = {json_object_get(item, "parameters"), json_object_get(op, "parameters")};
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *p;
        json_array_foreach(lists[l], i, p)
        {
            const char *in = json_string_value(json_object_get(p, "in")), *name = json_string_value(json_object_get(p, "name"));
            json_t *schema = json_object_get(p, "schema");
            if (!in || strcmp(in, "query") != 0 || !name || !json_is_object(schema))
                continue;
            json_object_set_new(props, name, json_deep_copy(schema));
            if (json_is_true(json_object_get(p, "required")))
                json_array_append_new(required, json_string(name));
        }
    }
    if (json_object_size(props) == 0) {
        json_decref(props);
        json_decref(required);
        return NULL;
    }
    json_t *q = json_pack("{s:s,s:o}", "type", "object", "properties", props);
    if (json_array_size(required))
        json_object_set_new(q, "required", required);
    else
        json_decref(required);
    return q;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: genspec SPEC.json BOUNDS.tsv\n");
        return 2;
    }
    json_error_t err;
    json_t *spec = json_load_file(argv[1], 0, &err);
    if (!spec) {
        fprintf(stderr, "genspec: %s: %s (line %d)\n", argv[1], err.text, err.line);
        return 1;
    }
    read_bounds(argv[2]);
    printf("/* Generated by tools/genspec.c from %s and %s: do not edit. */\n#include \"api/request_schema.h\"\n\n"
           "#include <stddef.h>\n\nconst struct spec_schema spec_schemas[] = {\n",
           argv[1], argv[2]);
    int missing = 0;
    for (const char *const *op = operations; *op; op++) {
        json_t *found = NULL;
        const char *path;
        json_t *item;
        json_object_foreach(json_object_get(spec, "paths"), path, item)
        {
            const char *method;
            json_t *o;
            json_object_foreach(item, method, o)
            {
                const char *id = json_string_value(json_object_get(o, "operationId"));
                if (id && strcmp(id, *op) == 0)
                    found = o;
            }
        }
        json_t *schema = json_object_get(
            json_object_get(json_object_get(json_object_get(found, "requestBody"), "content"), "application/json"),
            "schema");
        if (!schema) {
            fprintf(stderr, "genspec: no request schema for %s\n", *op);
            missing = 1;
            continue;
        }
        json_t *copy = json_deep_copy(schema);
        strip(copy);
        /* a slip in Zoom's file: recurrence.weekly_days is documented (and used) as a comma-separated list of
         * days, "1,3,5", but typed with the enum of a single day */
        json_object_del(json_object_get(json_object_get(json_object_get(json_object_get(copy, "properties"),
                                                                                  "recurrence"),
                                                                  "properties"),
                                        "weekly_days"),
                        "enum");
        apply_bounds(copy, "body", *op);
        mark_int32(copy);
        emit_schema(*op, copy);
        json_decref(copy);
    }
    printf("    {NULL, NULL},\n};\n\nconst struct spec_schema spec_query_schemas[] = {\n");
    const char *path;
    json_t *item;
    json_object_foreach(json_object_get(spec, "paths"), path, item)
    {
        const char *method;
        json_t *o;
        json_object_foreach(item, method, o)
        {
            const char *id = json_string_value(json_object_get(o, "operationId"));
            json_t *q = id ? query_schema(item, o) : NULL;
            if (!q)
                continue;
            strip(q);
            apply_bounds(q, "query", id);
            mark_int32(q);
            char shape[512], key[600];
            path_shape(path, shape, sizeof shape);
            size_t i = 0;
            for (; method[i] && i < 15; i++)
                key[i] = (char)(method[i] >= 'a' && method[i] <= 'z' ? method[i] - 32 : method[i]);
            snprintf(key + i, sizeof key - i, " %s", shape);
            emit_schema(key, q);
            json_decref(q);
        }
    }
    printf("    {NULL, NULL},\n};\n");
    for (int i = 0; i < nbounds; i++) {
        if (!bounds[i].applied) {
            fprintf(stderr, "genspec: %s: the bound on %s %s (%s) applies nowhere\n", argv[2], bounds[i].where,
                    bounds[i].field, bounds[i].ops);
            missing = 1;
        }
        json_decref(bounds[i].value);
    }
    json_decref(spec);
    return missing;
}
