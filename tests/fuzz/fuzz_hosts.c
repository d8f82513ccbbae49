/* The two names plaza reads from outside before routing: the proxy's CONNECT
 * target (prelude_authority, "host:port" or "[v6]:port") and the Host header
 * (hosts_classify, then hosts_refusal for a path; prelude_https_origin for
 * plain HTTP on the TLS port). Input: the bytes of the
 * target or header, then optionally a NUL and a path. Invariants: an accepted
 * target has a non-empty lower-case host without a trailing dot or any
 * character that would end or escape a name, and a port of 1 to 65535; only
 * Zoom's names are Zoom hosts, with a port in range; a non-Zoom host refuses
 * nothing, and the control API is never served at a Zoom host. */
#include "fuzz.h"
#include "http/hosts.h"
#include "http/prelude.h"
#include "tls/tls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    const char *s = (const char *)data;
    const char *nul = memchr(s, '\0', size);
    size_t n = nul ? (size_t)(nul - s) : size;

    char host[256];
    int port = -1;
    if (prelude_authority(s, n, host, sizeof host, &port) == 0) {
        size_t hn = strlen(host);
        FUZZ_ASSERT(hn > 0 && hn < sizeof host && host[hn - 1] != '.');
        FUZZ_ASSERT(port >= 1 && port <= 65535);
        for (size_t i = 0; i < hn; i++) {
            unsigned char ch = (unsigned char)host[i];
            FUZZ_ASSERT(ch > ' ' && ch < 0x7f && !(ch >= 'A' && ch <= 'Z') && !strchr("/?#@\\\"'<>", ch));
        }
        tls_is_zoom_host(host);
    }

    /* the https origin told to plain HTTP on the TLS port: only a name's or
     * an address's characters, since it goes back to the client */
    char origin[300];
    if (prelude_https_origin(s, n, 8443, origin, sizeof origin) == 0) {
        size_t on = strlen(origin);
        FUZZ_ASSERT(on > 2 && strspn(origin, "abcdefghijklmnopqrstuvwxyz0123456789-.:[]") == on);
    }

    int hport = -1;
    enum zoom_host zh = hosts_classify(s, n, &hport);
    FUZZ_ASSERT(hport >= 0 && hport <= 65535);
    if (zh == HOST_OTHER)
        FUZZ_ASSERT(hport == 0);
    else
        FUZZ_ASSERT(n >= 7 && memchr(s, '.', n)); /* at least "zoom.us" */
    if (nul) {
        const char *path = nul + 1;
        size_t pn = size - n - 1;
        const char *why = hosts_refusal(zh, path, pn);
        if (zh == HOST_OTHER)
            FUZZ_ASSERT(why == NULL);
        if (zh != HOST_OTHER && pn >= 7 && memcmp(path, "/_plaza", 7) == 0)
            FUZZ_ASSERT(why != NULL);
    }
    return 0;
}
