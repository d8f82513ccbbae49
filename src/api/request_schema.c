/* A validator for the JSON Schema subset Zoom's OpenAPI file uses. Field
 * paths are written the way Zoom writes them: "settings.meeting_invitees[0].email". */
#include "api/request_schema.h"
#include "core/zoom_codes.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PATH 160
#define QUERY_KEY_MAX 256

static json_t *parsed;  /* object: operationId -> schema */
static json_t *queries; /* object: "GET /users/{}" -> schema of the query parameters */

static int load(json_t *into, const struct spec_schema *list)
{
    for (const struct spec_schema *s = list; s->operation; s++) {
        json_error_t err;
        json_t *j = json_loads(s->json, 0, &err);
        if (!j) {
            log_error("schema: %s: %s", s->operation, err.text);
            return -1;
        }
        json_object_set_new(into, s->operation, j);
    }
    return 0;
}

int schema_init(void)
{
    if (parsed)
        return 0;
    parsed = json_object();
    queries = json_object();
    return load(parsed, spec_schemas) == 0 && load(queries, spec_query_schemas) == 0 ? 0 : -1;
}

void schema_free(void)
{
    json_decref(parsed);
    json_decref(queries);
    parsed = queries = NULL;
}

const json_t *schema_of(const char *operation) { return parsed ? json_object_get(parsed, operation) : NULL; }

const json_t *schema_query_of(const char *method, const char *path)
{
    if (!queries)
        return NULL;
    if (strncmp(path, "/v2/", 4) == 0)
        path += 3;
    char key[QUERY_KEY_MAX];
    int n = snprintf(key, sizeof key, "%s ", method);
    if (n < 0 || (size_t)n >= sizeof key)
        return NULL;
    size_t j = (size_t)n;
    for (const char *p = path; *p; p++) { /* "/users/{userId}" -> "/users/{}" */
        if (j + 3 >= sizeof key)
            return NULL;
        key[j++] = *p;
        if (*p == '{') {
            key[j++] = '}';
            p = strchr(p, '}');
            if (!p)
                return NULL;
        }
    }
    key[j] = '\0';
    return json_object_get(queries, key);
}

int schema_datetime(const char *s, int *utc)
{
    struct tm tm = {0};
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!end || strlen(s) < 19)
        return 0;
    if (*end == '.') { /* fractional seconds */
        end++;
        if (*end < '0' || *end > '9')
            return 0;
        while (*end >= '0' && *end <= '9')
            end++;
    }
    *utc = 0;
    if (*end == 'Z') {
        *utc = 1;
        end++;
    }
    if (*end != '\0')
        return 0;
    /* strptime accepts 2023-02-30; a round trip through timegm does not */
    struct tm check = tm;
    time_t t = timegm(&check);
    struct tm back;
    gmtime_r(&t, &back);
    return back.tm_mday == tm.tm_mday && back.tm_mon == tm.tm_mon && back.tm_year == tm.tm_year;
}

/* yyyy-MM-dd, a real date */
static int date_shaped(const char *s)
{
    struct tm tm = {0};
    const char *end = strptime(s, "%Y-%m-%d", &tm);
    if (!end || *end || strlen(s) != 10)
        return 0;
    struct tm check = tm;
    time_t t = timegm(&check);
    struct tm back;
    gmtime_r(&t, &back);
    return back.tm_mday == tm.tm_mday && back.tm_mon == tm.tm_mon;
}

/* A bound as people write it: 1440, not 1.44e+03. */
static void num_text(double x, char *out, size_t size)
{
    if (x == floor(x) && fabs(x) < 1e18)
        snprintf(out, size, "%lld", (long long)x);
    else
        snprintf(out, size, "%g", x);
}

static int email_shaped(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && strchr(at, '.') && !strchr(at + 1, '@') && !strpbrk(s, " \t\r\n<>\"") &&
           strlen(s) <= 254;
}

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

static int type_ok(const char *type, const json_t *v)
{
    if (strcmp(type, "string") == 0)
        return json_is_string(v);
    if (strcmp(type, "integer") == 0)
        return json_is_integer(v);
    if (strcmp(type, "number") == 0)
        return json_is_number(v);
    if (strcmp(type, "boolean") == 0)
        return json_is_boolean(v);
    if (strcmp(type, "object") == 0)
        return json_is_object(v);
    if (strcmp(type, "array") == 0)
        return json_is_array(v);
    return 1;
}

static void enum_text(const json_t *values, char *out, size_t size)
{
    size_t len = 0, i;
    json_t *v;
    out[0] = '\0';
    json_array_foreach(values, i, v)
    {
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        if (!s)
            continue;
        int n = snprintf(out + len, size - len, "%s%s", i ? ", " : "", s);
        free(s);
        if (n < 0 || (size_t)n >= size - len) {
            snprintf(out + size - 5, 5, "...");
            return;
        }
        len += (size_t)n;
    }
}

static void validate(const json_t *s, const json_t *v, char *path, size_t plen, struct perr *e);

static void check_scalar(const json_t *s, const json_t *v, const char *path, struct perr *e)
{
    const json_t *en = json_object_get(s, "enum");
    if (json_is_array(en)) {
        int ok = 0;
        size_t i;
        json_t *x;
        json_array_foreach(en, i, x) ok |= json_equal((json_t *)x, (json_t *)v);
        if (!ok) {
            char list[200];
            enum_text(en, list, sizeof list);
            perr_field(e, path, "must be one of %s", list);
            return;
        }
    }
    if (json_is_number(v)) {
        const json_t *jmin = json_object_get(s, "minimum"), *jmax = json_object_get(s, "maximum");
        const char *format = json_string_value(json_object_get(s, "format"));
        int has_min = json_is_number(jmin), has_max = json_is_number(jmax);
        double min = has_min ? json_number_value(jmin) : 0, max = has_max ? json_number_value(jmax) : 0;
        if (format && strcmp(format, "int32") == 0) { /* the format bounds what the schema leaves open */
            if (!has_min || min < INT32_MIN)
                min = INT32_MIN, has_min = 1;
            if (!has_max || max > INT32_MAX)
                max = INT32_MAX, has_max = 1;
        }
        double x = json_number_value(v);
        if ((has_min && x < min) || (has_max && x > max)) {
            char lo[32], hi[32];
            num_text(min, lo, sizeof lo);
            num_text(max, hi, sizeof hi);
            if (has_min && has_max)
                perr_field(e, path, "must be from %s to %s", lo, hi);
            else if (has_min)
                perr_field(e, path, "must be at least %s", lo);
            else
                perr_field(e, path, "must be at most %s", hi);
        }
    }
    if (json_is_string(v)) {
        const char *str = json_string_value(v);
        size_t n = utf8_length(str);
        const json_t *minl = json_object_get(s, "minLength"), *maxl = json_object_get(s, "maxLength");
        const char *format = json_string_value(json_object_get(s, "format"));
        int utc;
        if (json_is_integer(maxl) && n > (size_t)json_integer_value(maxl))
            perr_field(e, path, "must be at most %lld characters", (long long)json_integer_value(maxl));
        else if (json_is_integer(minl) && n < (size_t)json_integer_value(minl))
            perr_field(e, path, "must be at least %lld characters", (long long)json_integer_value(minl));
        else if (format && strcmp(format, "date-time") == 0 && *str && !schema_datetime(str, &utc))
            perr_field(e, path, "must be a date-time: yyyy-MM-ddTHH:mm:ssZ");
        else if (format && strcmp(format, "email") == 0 && !email_shaped(str))
            perr_field(e, path, "must be an e-mail address");
        else if (format && strcmp(format, "date") == 0 && !date_shaped(str))
            perr_field(e, path, "must be a date: yyyy-MM-dd");
    }
}

static void validate(const json_t *s, const json_t *v, char *path, size_t plen, struct perr *e)
{
    if (!json_is_object(s))
        return;
    const json_t *one = json_object_get(s, "oneOf");
    if (json_is_array(one)) {
        size_t i;
        json_t *alt;
        json_array_foreach(one, i, alt)
        {
            struct perr trial = {0};
            validate(alt, v, path, plen, &trial);
            if (trial.kind == PERR_NONE)
                return;
        }
        perr_field(e, *path ? path : "body", "matches none of the accepted shapes");
        return;
    }
    const char *type = json_string_value(json_object_get(s, "type"));
    if (type && !type_ok(type, v)) {
        perr_field(e, *path ? path : "body", "must be %s%s, not %s", strchr("aeiou", type[0]) ? "an " : "a ",
                   type, type_name(v));
        return;
    }
    check_scalar(s, v, *path ? path : "body", e);

    size_t base = strlen(path);
    if (json_is_object(v)) {
        const json_t *props = json_object_get(s, "properties");
        const json_t *req = json_object_get(s, "required");
        size_t i;
        json_t *r;
        json_array_foreach(req, i, r)
        {
            const char *name = json_string_value(r);
            if (name && !json_object_get(v, name)) {
                snprintf(path + base, plen - base, "%s%s", base ? "." : "", name);
                perr_field(e, path, "is required");
                path[base] = '\0';
            }
        }
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x)
        {
            const json_t *ps = json_object_get(props, k);
            if (!ps)
                continue;
            snprintf(path + base, plen - base, "%s%s", base ? "." : "", k);
            validate(ps, x, path, plen, e);
            path[base] = '\0';
        }
    } else if (json_is_array(v)) {
        const json_t *maxi = json_object_get(s, "maxItems"), *items = json_object_get(s, "items");
        if (json_is_integer(maxi) && json_array_size(v) > (size_t)json_integer_value(maxi))
            perr_field(e, *path ? path : "body", "must have at most %lld items", (long long)json_integer_value(maxi));
        size_t i;
        json_t *x;
        json_array_foreach((json_t *)v, i, x)
        {
            snprintf(path + base, plen - base, "[%zu]", i);
            validate(items, x, path, plen, e);
            path[base] = '\0';
        }
    }
}

int schema_validate(const json_t *schema, const json_t *value, struct perr *e)
{
    char path[MAX_PATH] = "";
    struct perr found = {0};
    validate(schema, value, path, sizeof path, &found);
    if (found.kind == PERR_NONE)
        return 0;
    *e = found;
    e->kind = PERR_INVALID;
    e->zoom_code = ZOOM_VALIDATION_FAILED;
    snprintf(e->message, sizeof e->message, "Validation Failed.");
    return -1;
}

/* A query value as the parameter's type; NULL (and a field error) when it is not one. */
static json_t *typed(const json_t *s, const char *name, const char *raw, struct perr *e)
{
    const char *type = json_string_value(json_object_get(s, "type"));
    if (type && strcmp(type, "integer") == 0) {
        char *end;
        errno = 0;
        long long v = strtoll(raw, &end, 10);
        if (!*raw || *end || errno == ERANGE || raw[0] == '+' || raw[0] == ' ') {
            perr_field(e, name, "must be a whole number");
            return NULL;
        }
        return json_integer((json_int_t)v);
    }
    if (type && strcmp(type, "number") == 0) {
        char *end;
        double v = strtod(raw, &end);
        if (!*raw || *end || !isfinite(v)) {
            perr_field(e, name, "must be a number");
            return NULL;
        }
        return json_real(v);
    }
    if (type && strcmp(type, "boolean") == 0) {
        if (strcmp(raw, "true") != 0 && strcmp(raw, "false") != 0) {
            perr_field(e, name, "must be true or false");
            return NULL;
        }
        return json_boolean(raw[0] == 't');
    }
    json_t *str = json_string(raw);
    if (!str)
        perr_field(e, name, "must be UTF-8 text");
    return str;
}

int schema_validate_query(const json_t *schema, const char *const *names, const char *const *values, int n,
                          struct perr *e)
{
    struct perr found = {0};
    const json_t *props = json_object_get(schema, "properties");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(schema, "required"), i, r)
    {
        int given = 0;
        for (int k = 0; k < n && !given; k++)
            given = strcmp(names[k], json_string_value(r)) == 0;
        if (!given)
            perr_field(&found, json_string_value(r), "is required");
    }
    for (int k = 0; k < n; k++) {
        const json_t *ps = json_object_get(props, names[k]);
        if (!ps || !values[k])
            continue;
        json_t *v = typed(ps, names[k], values[k], &found);
        if (!v)
            continue;
        char path[MAX_PATH];
        snprintf(path, sizeof path, "%s", names[k]);
        validate(ps, v, path, sizeof path, &found);
        json_decref(v);
    }
    if (found.kind == PERR_NONE)
        return 0;
    *e = found;
    e->kind = PERR_INVALID;
    e->zoom_code = ZOOM_VALIDATION_FAILED;
    snprintf(e->message, sizeof e->message, "Validation Failed.");
    return -1;
}
