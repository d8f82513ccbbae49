/* Loading libcurl with dlopen and resolving the functions plaza uses. */
#include "core/libcurl.h"
#include "core/log.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

static struct libcurl fns;
static void *handle;
static int loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        log_error("libcurl: cannot load libcurl.so.4: %s", dlerror());
        return;
    }
    /* each member gets the symbol of its name, with the member's own type */
#define RESOLVE(member, symbol)                                                                                   \
    do {                                                                                                          \
        *(void **)&fns.member = dlsym(handle, symbol);                                                            \
        if (!fns.member) {                                                                                        \
            log_error("libcurl: %s is missing", symbol);                                                         \
            goto fail;                                                                                            \
        }                                                                                                         \
    } while (0)
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(global_cleanup, "curl_global_cleanup");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_perform, "curl_easy_perform");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(easy_escape, "curl_easy_escape");
    RESOLVE(free, "curl_free");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
    RESOLVE(multi_init, "curl_multi_init");
    RESOLVE(multi_setopt, "curl_multi_setopt");
    RESOLVE(multi_add_handle, "curl_multi_add_handle");
    RESOLVE(multi_remove_handle, "curl_multi_remove_handle");
    RESOLVE(multi_perform, "curl_multi_perform");
    RESOLVE(multi_poll, "curl_multi_poll");
    RESOLVE(multi_wakeup, "curl_multi_wakeup");
    RESOLVE(multi_info_read, "curl_multi_info_read");
    RESOLVE(multi_cleanup, "curl_multi_cleanup");
#undef RESOLVE
    if (fns.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        log_error("libcurl: global initialisation failed");
        goto fail;
    }
    loaded = 1;
    return;
fail:
    dlclose(handle);
    handle = NULL;
}

const struct libcurl *libcurl(void)
{
    pthread_once(&once, load);
    return loaded ? &fns : NULL;
}

void libcurl_unload(void)
{
    if (!loaded)
        return;
    fns.global_cleanup();
    dlclose(handle);
    handle = NULL;
    loaded = 0;
}
