/* Settings and the keys kept in the store's meta table. */
#include "core/config.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/settings_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct config the_config;

const struct config *config(void) { return &the_config; }
struct config *config_edit(void) { return &the_config; }

static void copy(char *dst, size_t size, const char *src) { snprintf(dst, size, "%s", src); }

int config_parse_listen(const char *s, char *host, size_t size, int *port)
{
    const char *colon = strrchr(s, ':');
    const char *digits = colon ? colon + 1 : s;
    char *end;
    long p = strtol(digits, &end, 10);
    if (*digits == '\0' || *end != '\0' || p < 0 || p > 65535)
        return -1;
    if (colon) {
        size_t n = (size_t)(colon - s);
        if (n >= size)
            return -1;
        if (n > 0) {
            memcpy(host, s, n);
            host[n] = '\0';
        }
    }
    *port = (int)p;
    return 0;
}

int config_set_listen(struct config *c, const char *s)
{
    return config_parse_listen(s, c->listen_host, sizeof c->listen_host, &c->listen_port);
}

int config_zoom_hosts(const struct config *c)
{
    return c->tls_on || c->proxy_on;
}

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    copy(c->listen_host, sizeof c->listen_host, "127.0.0.1");
    c->listen_port = 8080;
    copy(c->db_path, sizeof c->db_path, ":memory:");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = cores > 0 ? (int)(cores > 64 ? 64 : cores) : 1;
    c->refresh_ttl_s = CONFIG_DEFAULT_REFRESH_TTL_S;

    const char *v;
    if ((v = getenv("PLAZA_LISTEN")) && config_set_listen(c, v) != 0)
        log_warn("config: ignoring PLAZA_LISTEN=%s", v);
    if ((v = getenv("PLAZA_DB")))
        copy(c->db_path, sizeof c->db_path, v);
    if ((v = getenv("PLAZA_ADMIN_KEY")))
        copy(c->admin_key, sizeof c->admin_key, v);
    if ((v = getenv("PLAZA_PUBLIC_URL")))
        copy(c->public_url, sizeof c->public_url, v);
    if ((v = getenv("PLAZA_THREADS")) && atoi(v) > 0)
        c->threads = atoi(v) > 64 ? 64 : atoi(v);
    if ((v = getenv("PLAZA_REFRESH_TOKEN_TTL")))
        c->refresh_ttl_s = atoll(v); /* checked with the flags' rules by the caller */
    copy(c->tls_listen_host, sizeof c->tls_listen_host, "127.0.0.1");
    copy(c->proxy_listen_host, sizeof c->proxy_listen_host, "127.0.0.1");
    if ((v = getenv("PLAZA_TLS_LISTEN")) &&
        config_parse_listen(v, c->tls_listen_host, sizeof c->tls_listen_host, &c->tls_listen_port) != 0)
        log_warn("config: ignoring PLAZA_TLS_LISTEN=%s", v);
    else if (v)
        c->tls_on = 1;
    if ((v = getenv("PLAZA_PROXY_LISTEN")) &&
        config_parse_listen(v, c->proxy_listen_host, sizeof c->proxy_listen_host, &c->proxy_listen_port) != 0)
        log_warn("config: ignoring PLAZA_PROXY_LISTEN=%s", v);
    else if (v)
        c->proxy_on = 1;
    if ((v = getenv("PLAZA_PROXY_PASS_THROUGH")))
        c->proxy_pass_through = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
    if ((v = getenv("PLAZA_TLS_CERT")))
        copy(c->tls_cert, sizeof c->tls_cert, v);
    if ((v = getenv("PLAZA_TLS_KEY")))
        copy(c->tls_key, sizeof c->tls_key, v);
    if ((v = getenv("PLAZA_SMTP")))
        copy(c->smtp_url, sizeof c->smtp_url, v); /* checked with the flag's rule by the caller */
    if ((v = getenv("PLAZA_SMTP_FROM")))
        copy(c->smtp_from, sizeof c->smtp_from, v);
}

/* Reads meta[key] as hex into buf, or creates it from the CSPRNG. */
static int load_key(struct db *db, const char *key, uint8_t *buf, size_t n)
{
    char hex[257];
    int found = meta_store_get(db, key, hex, sizeof hex);
    if (found < 0)
        return -1;
    found = found && strlen(hex) == 2 * n;
    if (found)
        return crypto_unhex(buf, n, hex);
    crypto_random(buf, n);
    crypto_hex(hex, buf, n);
    /* DO NOTHING on conflict, then read back: another node may have won the race */
    if (meta_store_add(db, key, hex) != 0)
        return -1;
    return load_key(db, key, buf, n);
}

void config_derive(const char *label, char *out, unsigned len)
{
    uint8_t mac[32];
    char b64[48];
    crypto_hmac_sha256(the_config.hash_key, sizeof the_config.hash_key, label, strlen(label), mac);
    crypto_b64url(b64, sizeof b64, mac, sizeof mac);
    snprintf(out, len, "%s", b64);
}

int config_load_keys(struct config *c, struct db *db)
{
    if (load_key(db, "hash_key", c->hash_key, sizeof c->hash_key) != 0 ||
        load_key(db, "token_key", c->token_key, sizeof c->token_key) != 0 ||
        load_key(db, "seal_key", c->seal_key, sizeof c->seal_key) != 0) {
        log_error("config: cannot load or create the keys in the store");
        return -1;
    }
    /* the key id names the signing key without revealing it */
    uint8_t id[32];
    crypto_hmac_sha256(c->token_key, sizeof c->token_key, "kid", 3, id);
    snprintf(c->token_kid, sizeof c->token_kid, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8], id[9], id[10], id[11], id[12], id[13],
             id[14], id[15]);
    if (c->admin_key[0] == '\0') {
        config_derive("plaza admin key", c->admin_key, 33);
        c->admin_key_derived = 1;
    }
    return 0;
}

void config_finish_public_url(struct config *c)
{
    if (c->public_url[0] == '\0')
        snprintf(c->public_url, sizeof c->public_url, "http://%s:%d",
                 strcmp(c->listen_host, "0.0.0.0") == 0 ? "127.0.0.1" : c->listen_host, c->listen_port);
    size_t n = strlen(c->public_url);
    while (n > 0 && c->public_url[n - 1] == '/')
        c->public_url[--n] = '\0';
}
