/* /healthz and /metrics. */
#include "core/metrics.h"
#include "core/settings_store.h"
#include "http/handlers.h"

#include <stdlib.h>
#include <string.h>

int h_healthz(struct http_req *r)
{
    if (!store_answers(r->db)) {
        http_send_json(r, 503, json_pack("{s:s}", "status", "store unavailable"));
        return 0;
    }
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_send_json(r, 200, json_pack("{s:s}", "status", "ok"));
    return 0;
}

int h_metrics(struct http_req *r)
{
    size_t len;
    char *text = metrics_render(&len);
    if (!text) {
        http_send_text(r, 500, "text/plain", "out of memory\n", 14);
        return 0;
    }
    char *copy = http_strdup(r, text, len);
    free(text);
    http_send_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", copy, len);
    return 0;
}
