/* libcurl, loaded on first use. plaza serves without it: only the CLI and
 * outbound calls (webhook delivery, domain checks) need an HTTP client, and
 * libcurl brings two dozen libraries with it. Loading it lazily keeps start-up
 * fast and the idle server small (bench/README.md). Types come from curl.h. */
#ifndef PLAZA_LIBCURL_H
#define PLAZA_LIBCURL_H

#include <curl/curl.h>

struct libcurl {
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_global_cleanup) *global_cleanup;
    __typeof__(curl_easy_init) *easy_init;
    __typeof__(curl_easy_setopt) *easy_setopt;
    __typeof__(curl_easy_perform) *easy_perform;
    __typeof__(curl_easy_getinfo) *easy_getinfo;
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_easy_strerror) *easy_strerror;
    __typeof__(curl_easy_escape) *easy_escape;
    __typeof__(curl_free) *free;
    __typeof__(curl_slist_append) *slist_append;
    __typeof__(curl_slist_free_all) *slist_free_all;
    __typeof__(curl_multi_init) *multi_init;
    __typeof__(curl_multi_setopt) *multi_setopt;
    __typeof__(curl_multi_add_handle) *multi_add_handle;
    __typeof__(curl_multi_remove_handle) *multi_remove_handle;
    __typeof__(curl_multi_perform) *multi_perform;
    __typeof__(curl_multi_poll) *multi_poll;
    __typeof__(curl_multi_wakeup) *multi_wakeup;
    __typeof__(curl_multi_info_read) *multi_info_read;
    __typeof__(curl_multi_cleanup) *multi_cleanup;
};

/* The library, loaded and globally initialised once (thread-safe); NULL when
 * it cannot be loaded (the reason is logged). */
const struct libcurl *libcurl(void);

/* Cleans up and unloads, at exit, if it was loaded. */
void libcurl_unload(void);

#endif
