/* A validator for the JSON Schema subset Zoom's OpenAPI file uses. Field
 * paths are written the way Zoom writes them: "settings.meeting_invitees[0].email". */
#include "api/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PATH 160

static json_t *parsed; /* object: operationId -> schema */

int schema_init(void)
{
    if (parsed)
        return 0;
    parsed = json_object();
    for (const struct spec_schema *s = spec_schemas; s->operation; s++) {
        json_error_t err;
        json_t *j = json_loads(s->json, 0, &err);
        if (!j) {
            log_error("schema: %s: %s", s->operation, err.text);
            return -1;
        }
        json_object_set_new(parsed, s->operation, j);
    }
    return 0;
}

void schema_free(void)
{
    json_decref(parsed);
    parsed = NULL;
}

const json_t *schema_of(const char *operation) { return parsed ? json_object_get(parsed, operation) : NULL; }

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
        const json_t *min = json_object_get(s, "minimum"), *max = json_object_get(s, "maximum");
        double x = json_number_value(v);
        if (json_is_number(min) && x < json_number_value(min))
            perr_field(e, path, "must be at least %g", json_number_value(min));
        else if (json_is_number(max) && x > json_number_value(max))
            perr_field(e, path, "must be at most %g", json_number_value(max));
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
    e->zoom_code = 300;
    snprintf(e->message, sizeof e->message, "Validation Failed.");
    return -1;
}
