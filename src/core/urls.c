#include "core/urls.h"
#include "core/config.h"

#include <stdio.h>

static _Thread_local struct {
    enum { OUTSIDE, ORIGIN, ZOOM } request; /* where the running request came to; OUTSIDE: none running */
    char web[64], api[64];
} current;

static void zoom_origins(int port, char *web, char *api, size_t size)
{
    char suffix[16] = "";
    if (port > 0 && port != 443)
        snprintf(suffix, sizeof suffix, ":%d", port);
    snprintf(web, size, "https://zoom.us%s", suffix);
    snprintf(api, size, "https://api.zoom.us%s", suffix);
}

void urls_begin_request(int zoom, int port)
{
    current.request = zoom ? ZOOM : ORIGIN;
    if (zoom)
        zoom_origins(port, current.web, current.api, sizeof current.web);
}

void urls_end_request(void) { current.request = OUTSIDE; }

/* Outside a request: Zoom's hostnames when plaza serves them; through the
 * proxy they are reached at 443, else at the TLS port. */
static const char *background(int api)
{
    const struct config *c = config();
    if (!config_zoom_hosts(c))
        return c->public_url;
    static _Thread_local char web[64], origin_api[64];
    zoom_origins(c->proxy_on ? 443 : c->tls_listen_port, web, origin_api, sizeof web);
    return api ? origin_api : web;
}

const char *urls_web(void)
{
    return current.request == ZOOM ? current.web : current.request == ORIGIN ? config()->public_url : background(0);
}

const char *urls_api(void)
{
    return current.request == ZOOM ? current.api : current.request == ORIGIN ? config()->public_url : background(1);
}
