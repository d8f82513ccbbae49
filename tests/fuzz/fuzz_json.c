/* JSON request bodies: read as http_json_body reads them (size, depth,
 * duplicate keys, UTF-8), validated against every request schema generated
 * from Zoom's OpenAPI file (api/request_schema.c over build/gen/spec_schemas.c), and
 * a body the meeting schemas accept is applied to a meeting document the way
 * meeting_create does it (meeting_apply_body, meeting_derive: time zones,
 * start times, recurrences), below the store. The same body goes through
 * the control API's listing sections (sections_validate). */
#include "api/meetings_internal.h"
#include "api/request_schema.h"
#include "api/timeutil.h"
#include "fuzz.h"
#include "http/http.h"
#include "market/market.h"

static void build_meeting(const json_t *body, enum meeting_kind kind)
{
    int type = json_is_integer(json_object_get(body, "type")) ? (int)json_integer_value(json_object_get(body, "type"))
                                                               : kind == KIND_WEBINAR ? 5 : 2;
    json_t *doc = json_object();
    json_object_set_new(doc, "topic", json_string("Zoom Meeting"));
    json_object_set_new(doc, "type", json_integer(type));
    json_object_set_new(doc, "duration", json_integer(60));
    json_object_set_new(doc, "timezone", json_string("America/New_York"));
    json_object_set_new(doc, "settings", meeting_default_settings(kind));
    struct perr e = {0};
    if (meeting_apply_body(doc, body, kind, &e) == 0) {
        json_object_set_new(doc, "type", json_integer(type));
        const char *pw = json_string_value(json_object_get(body, "password"));
        meeting_set_password(doc, pw ? pw : "abc123");
        int64_t start;
        if (meeting_derive(doc, kind, type, 1700000000, &start, &e) == 0) {
            json_t *occ = json_object_get(doc, "occurrences");
            FUZZ_ASSERT(!occ || json_array_size(occ) <= OCCURRENCES_MAX);
            char *text = json_dumps(doc, JSON_COMPACT);
            FUZZ_ASSERT(text != NULL);
            free(text);
        }
    }
    json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    static int loaded;
    if (!loaded) {
        if (schema_init() != 0)
            abort();
        loaded = 1;
    }
    h2o_req_t h;
    memset(&h, 0, sizeof h);
    h2o_mem_init_pool(&h.pool);
    h.entity = h2o_iovec_init(data, size);
    h2o_add_header(&h.pool, &h.headers, H2O_TOKEN_CONTENT_TYPE, NULL, H2O_STRLIT("application/json; charset=utf-8"));
    struct http_req r;
    memset(&r, 0, sizeof r);
    r.h = &h;

    struct perr e = {0};
    json_t *body = http_json_body(&r, &e);
    if (!body) {
        FUZZ_ASSERT(e.kind != PERR_NONE);
        h2o_mem_clear_pool(&h.pool);
        return 0;
    }
    FUZZ_ASSERT(json_is_object(body));
    for (const struct spec_schema *s = spec_schemas; s->operation; s++) {
        const json_t *schema = schema_of(s->operation);
        FUZZ_ASSERT(schema != NULL);
        struct perr v = {0};
        if (schema_validate(schema, body, &v) != 0) {
            FUZZ_ASSERT(v.kind == PERR_INVALID && v.zoom_code == 300 && v.nfields >= 1);
            for (int i = 0; i < v.nfields && i < PERR_MAX_FIELDS; i++)
                FUZZ_ASSERT(v.fields[i].field[0] != '\0');
            continue;
        }
        if (strcmp(s->operation, "meetingCreate") == 0 || strcmp(s->operation, "meetingUpdate") == 0)
            build_meeting(body, KIND_MEETING);
        else if (strcmp(s->operation, "webinarCreate") == 0)
            build_meeting(body, KIND_WEBINAR);
    }
    /* the control API's listing sections: plaza's own field table, for every app type */
    for (int t = APP_OAUTH; t <= APP_CHATBOT; t++) {
        json_t *patch = json_deep_copy(body);
        struct perr v = {0};
        if (sections_validate(patch, (enum app_type)t, &v) != 0)
            FUZZ_ASSERT(v.kind != PERR_NONE);
        json_decref(patch);
    }
    json_decref(body);
    h2o_mem_clear_pool(&h.pool);
    return 0;
}
