/* The origins plaza writes into the URLs clients follow (api_url, join_url,
 * pic_url, recording and registration links). A request that came to one of
 * Zoom's hostnames gets Zoom's (https://zoom.us, https://api.zoom.us, with the
 * port of its Host header when it named one); other requests get the public
 * URL. Work outside a request (webhook payloads) gets Zoom's hostnames when
 * plaza serves them (--tls-listen or --proxy-listen), else the public URL. */
#ifndef PLAZA_CORE_URLS_H
#define PLAZA_CORE_URLS_H

/* The request this thread is running came to one of Zoom's hostnames
 * (zoom 1: Zoom's, with `port`, 0: none) or to plaza's own origin (zoom 0:
 * the public URL, whatever else plaza serves). Reset with urls_end_request
 * once it is handled. */
void urls_begin_request(int zoom, int port);
void urls_end_request(void);

const char *urls_web(void); /* zoom.us: OAuth, join, recording, picture and registration pages */
const char *urls_api(void); /* api.zoom.us: the REST API (api_url) */

#endif
