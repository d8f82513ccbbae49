/* Validation of request bodies and query parameters against the schemas of
 * Zoom's OpenAPI file (extracted at build time by tools/genspec.c, with the
 * bounds of spec/request-bounds.tsv). The subset the file uses: type,
 * properties, required, items, enum, minimum, maximum, minLength, maxLength,
 * maxItems, format (int32, int64, date, date-time, email) and oneOf (read as
 * anyOf, since the file's alternatives overlap). Unknown members are ignored,
 * as Zoom ignores them. */
#ifndef PLAZA_SCHEMA_H
#define PLAZA_SCHEMA_H

#include "core/err.h"

#include <jansson.h>

struct spec_schema {
    const char *operation; /* Zoom's operationId */
    const char *json;
};

extern const struct spec_schema spec_schemas[];       /* NULL-terminated, generated */
extern const struct spec_schema spec_query_schemas[]; /* keyed "GET /users/{}/meetings"; NULL-terminated */

/* Parses the generated schemas once; call before threads start. 0 on success. */
int schema_init(void);
void schema_free(void);

/* The request schema of an operation, or NULL. Read-only, shared by threads. */
const json_t *schema_of(const char *operation);

/* The query parameters of the operation at method and path ("/v2/users/{userId}"
 * or "/users/{userId}": the /v2 prefix and parameter names do not matter), as
 * an object schema; NULL when it takes none. */
const json_t *schema_query_of(const char *method, const char *path);

/* Checks query parameters (n names and their raw values, as sent) against a
 * schema from schema_query_of: each value is read as the parameter's type
 * (an integer, true/false, a number or a string) and checked like a body
 * member. Parameters the schema does not name are ignored. 0 or -1 as below. */
int schema_validate_query(const json_t *schema, const char *const *names, const char *const *values, int n,
                          struct perr *e);

/* 0 when `value` conforms; otherwise e is PERR_INVALID with zoom_code 300,
 * "Validation Failed." and one entry per offending field ("settings.audio"). */
int schema_validate(const json_t *schema, const json_t *value, struct perr *e);

/* Zoom's date-time: yyyy-MM-ddTHH:mm:ss, optionally with Z or fractional
 * seconds. 1 when well-formed and a real date; *utc tells whether it ended in Z. */
int schema_datetime(const char *s, int *utc);

#endif
