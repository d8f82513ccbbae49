/* plaza's local certificate authority and the server certificate. Everything
 * here is OpenSSL's own X509 and EVP calls: keys are EC P-256, extensions are
 * given in OpenSSL's configuration syntax, validity is the wall clock (never
 * the virtual clock: clients check certificates against real time).
 *
 * The CA lives in the store (table tls_ca), so every node of one store and
 * every restart of a file store present the same CA; its key is read from
 * there to sign and is never written anywhere else. The server certificate is
 * issued at every start and kept only in memory. */
#include "tls/tls.h"
#include "core/config.h"
#include "core/log.h"
#include "core/uri.h"
#include "tls/ca_store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <h2o.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define CA_NAME "plaza local CA"

static void fail(char *err, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err, size, fmt, ap);
    va_end(ap);
    unsigned long e = ERR_peek_last_error();
    if (e && n >= 0 && (size_t)n < size)
        snprintf(err + n, size - (size_t)n, " (%s)", ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "?");
    ERR_clear_error();
}

int tls_is_zoom_host(const char *host)
{
    size_t n = strlen(host);
    return strcmp(host, "zoom.us") == 0 || (n > 8 && strcmp(host + n - 8, ".zoom.us") == 0);
}

/* ---- making certificates ------------------------------------------------ */

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    int ok = ext && X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

/* A certificate for `key` named `cn`, valid from an hour ago for `days`, with a
 * random 128-bit serial; unsigned, no extensions yet. */
static X509 *cert_new(EVP_PKEY *key, const char *cn, int days)
{
    X509 *x = X509_new();
    BIGNUM *bn = BN_new();
    X509_NAME *name = X509_NAME_new();
    int ok = x && bn && name && X509_set_version(x, 2) && BN_rand(bn, 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
             BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) &&
             X509_gmtime_adj(X509_getm_notBefore(x), -3600) &&
             X509_gmtime_adj(X509_getm_notAfter(x), (long)days * 24 * 3600) &&
             X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, (const unsigned char *)"plaza", -1, -1, 0) &&
             X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0) &&
             X509_set_subject_name(x, name) && X509_set_pubkey(x, key);
    BN_free(bn);
    X509_NAME_free(name);
    if (!ok) {
        X509_free(x);
        return NULL;
    }
    return x;
}

/* The CA: a self-signed certificate that may sign server certificates only. */
static int ca_make(EVP_PKEY **key_out, X509 **cert_out)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *x = key ? cert_new(key, CA_NAME, TLS_CA_DAYS) : NULL;
    int ok = x && X509_set_issuer_name(x, X509_get_subject_name(x)) &&
             add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
             add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign") &&
             add_ext(x, x, NID_subject_key_identifier, "hash") && X509_sign(x, key, EVP_sha256()) > 0;
    if (!ok) {
        X509_free(x);
        EVP_PKEY_free(key);
        return -1;
    }
    *key_out = key;
    *cert_out = x;
    return 0;
}

static char *bio_string(BIO *b)
{
    char *data;
    long n = BIO_get_mem_data(b, &data);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s) {
        memcpy(s, data, (size_t)n);
        s[n] = '\0';
    }
    return s;
}

/* Stores a new CA unless another node or thread stored one first. 0 on success. */
static int ca_create(struct db *db)
{
    EVP_PKEY *key;
    X509 *cert;
    if (ca_make(&key, &cert) != 0)
        return -1;
    BIO *cb = BIO_new(BIO_s_mem()), *kb = BIO_new(BIO_s_mem());
    char *cert_pem = NULL, *key_pem = NULL;
    int rc = -1;
    if (cb && kb && PEM_write_bio_X509(cb, cert) && PEM_write_bio_PrivateKey(kb, key, NULL, NULL, 0, NULL, NULL) &&
        (cert_pem = bio_string(cb)) && (key_pem = bio_string(kb)))
        rc = ca_store_add(db, cert_pem, key_pem, (int64_t)time(NULL));
    if (key_pem)
        OPENSSL_cleanse(key_pem, strlen(key_pem));
    free(cert_pem);
    free(key_pem);
    BIO_free(cb);
    BIO_free(kb);
    X509_free(cert);
    EVP_PKEY_free(key);
    return rc;
}

/* Reads column `col` of the CA row (creating the CA first when there is none)
 * into a new string. */
static char *ca_column(struct db *db, int col)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        char *out = NULL;
        int found = ca_store_get(db, col == 0 ? &out : NULL, col == 1 ? &out : NULL);
        if (found == 1)
            return out;
        if (found < 0 || attempt > 0 || ca_create(db) != 0) {
            log_error("tls: reading or making the certificate authority failed");
            return NULL;
        }
    }
    return NULL;
}

char *tls_ca_pem(struct db *db)
{
    return ca_column(db, 0);
}

static int ca_load(struct db *db, EVP_PKEY **key, X509 **cert)
{
    char *cert_pem = ca_column(db, 0), *key_pem = cert_pem ? ca_column(db, 1) : NULL;
    BIO *cb = cert_pem ? BIO_new_mem_buf(cert_pem, -1) : NULL, *kb = key_pem ? BIO_new_mem_buf(key_pem, -1) : NULL;
    *cert = cb ? PEM_read_bio_X509(cb, NULL, NULL, NULL) : NULL;
    *key = kb ? PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL) : NULL;
    BIO_free(cb);
    BIO_free(kb);
    if (key_pem)
        OPENSSL_cleanse(key_pem, strlen(key_pem));
    free(cert_pem);
    free(key_pem);
    if (*cert && *key && X509_check_private_key(*cert, *key) == 1)
        return 0;
    X509_free(*cert);
    EVP_PKEY_free(*key);
    return -1;
}

/* The subjectAltName list: Zoom's names, this machine's, and the public URL's host. */
static void alt_names(const struct config *cfg, char *out, size_t size)
{
    int n = snprintf(out, size, "DNS:zoom.us,DNS:*.zoom.us,DNS:api.zoom.us,DNS:marketplace.zoom.us,"
                                "DNS:localhost,IP:127.0.0.1,IP:::1");
    struct uri_parts u;
    if (n < 0 || (size_t)n >= size || uri_parse(cfg->public_url, &u) != 0 || !u.host[0])
        return;
    if (strcmp(u.host, "localhost") == 0 || strcmp(u.host, "127.0.0.1") == 0 || strcmp(u.host, "::1") == 0 ||
        tls_is_zoom_host(u.host))
        return;
    unsigned char ip[16];
    int is_ip = inet_pton(AF_INET, u.host, ip) == 1 || inet_pton(AF_INET6, u.host, ip) == 1;
    if (!is_ip && strspn(u.host, "abcdefghijklmnopqrstuvwxyz0123456789-.") != strlen(u.host))
        return; /* not a DNS name OpenSSL would match: left out */
    snprintf(out + n, size - (size_t)n, ",%s:%s", is_ip ? "IP" : "DNS", u.host);
}

static int leaf_make(const struct config *cfg, EVP_PKEY *ca_key, X509 *ca, EVP_PKEY **key_out, X509 **cert_out)
{
    char sans[512];
    alt_names(cfg, sans, sizeof sans);
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *x = key ? cert_new(key, "zoom.us", TLS_LEAF_DAYS) : NULL;
    int ok = x && X509_set_issuer_name(x, X509_get_subject_name(ca)) &&
             add_ext(x, ca, NID_basic_constraints, "critical,CA:FALSE") &&
             add_ext(x, ca, NID_key_usage, "critical,digitalSignature") &&
             add_ext(x, ca, NID_ext_key_usage, "serverAuth") && add_ext(x, ca, NID_subject_key_identifier, "hash") &&
             add_ext(x, ca, NID_authority_key_identifier, "keyid:always") &&
             add_ext(x, ca, NID_subject_alt_name, sans) && X509_sign(x, ca_key, EVP_sha256()) > 0;
    if (!ok) {
        X509_free(x);
        EVP_PKEY_free(key);
        return -1;
    }
    *key_out = key;
    *cert_out = x;
    return 0;
}

/* ---- the server's context ----------------------------------------------- */

/* h2o 2.2.5 drops what OpenSSL wrote when a handshake fails, alerts included,
 * so a refused client would see only the connection close. The refusal's
 * alert goes straight to the socket instead: OpenSSL writes it through a
 * socket BIO put in place of h2o's, whose data is the h2o socket. */
static void alerts_to_socket(SSL *ssl)
{
    BIO *w = SSL_get_wbio(ssl);
    const char *method = w ? BIO_method_name(w) : NULL;
    if (!method || strcmp(method, "h2o_socket") != 0)
        return;
    h2o_socket_t *sock = BIO_get_data(w);
    int fd = sock ? h2o_socket_get_fd(sock) : -1;
    BIO *direct = fd >= 0 ? BIO_new_socket(fd, BIO_NOCLOSE) : NULL;
    if (direct)
        SSL_set0_wbio(ssl, direct); /* h2o's BIO stays as the reading one */
}

static int on_server_name(SSL *ssl, int *alert, void *arg)
{
    (void)arg;
    const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    X509 *cert = SSL_get_certificate(ssl);
    unsigned char ip[16];
    int is_ip = name && (inet_pton(AF_INET, name, ip) == 1 || inet_pton(AF_INET6, name, ip) == 1);
    /* RFC 6066 has no addresses in SNI, but some clients send one: matched against the IP names */
    if (!name || (cert && (is_ip ? X509_check_ip_asc(cert, name, 0) : X509_check_host(cert, name, 0, 0, NULL)) == 1))
        return SSL_TLSEXT_ERR_OK;
    log_info("tls: refused a handshake for %.80s: the certificate does not name it", name);
    *alert = SSL_AD_UNRECOGNIZED_NAME;
    alerts_to_socket(ssl);
    return SSL_TLSEXT_ERR_ALERT_FATAL;
}

static char *date_text(const ASN1_TIME *t, char *out, size_t size)
{
    struct tm tm;
    if (ASN1_TIME_to_tm(t, &tm) != 1 || strftime(out, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
        snprintf(out, size, "?");
    return out;
}

/* A file to read PEM from; NULL with errno set when it cannot be read (a
 * directory included). */
static FILE *open_pem(const char *path)
{
    FILE *f = fopen(path, "r");
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    return f;
}

/* OpenSSL's default would ask on the terminal and wait: an encrypted key is
 * refused at once instead. */
static int no_passphrase(char *buf, int size, int rwflag, void *asked)
{
    (void)buf, (void)size, (void)rwflag;
    *(int *)asked = 1;
    return -1;
}

/* The user's certificate (with its chain) and key. 0 on success. */
static int use_own(SSL_CTX *ctx, const struct config *cfg, char *err, size_t size)
{
    FILE *f = open_pem(cfg->tls_cert);
    if (!f) {
        snprintf(err, size, "--tls-cert %s: cannot be read (%s)", cfg->tls_cert, strerror(errno));
        return -1;
    }
    X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    if (!x) {
        fail(err, size, "--tls-cert %s: not a PEM certificate", cfg->tls_cert);
        return -1;
    }
    char when[40];
    int rc = -1;
    if (X509_cmp_current_time(X509_get0_notAfter(x)) <= 0)
        snprintf(err, size, "--tls-cert %s: expired on %s", cfg->tls_cert,
                 date_text(X509_get0_notAfter(x), when, sizeof when));
    else if (X509_cmp_current_time(X509_get0_notBefore(x)) > 0)
        snprintf(err, size, "--tls-cert %s: not valid before %s", cfg->tls_cert,
                 date_text(X509_get0_notBefore(x), when, sizeof when));
    else if (SSL_CTX_use_certificate_chain_file(ctx, cfg->tls_cert) != 1)
        fail(err, size, "--tls-cert %s: cannot be used", cfg->tls_cert);
    else if (!(f = open_pem(cfg->tls_key)))
        snprintf(err, size, "--tls-key %s: cannot be read (%s)", cfg->tls_key, strerror(errno));
    else {
        int asked = 0;
        EVP_PKEY *key = PEM_read_PrivateKey(f, NULL, no_passphrase, &asked);
        fclose(f);
        if (!key && asked) {
            snprintf(err, size, "--tls-key %s: the key has a passphrase; give it unencrypted", cfg->tls_key);
            ERR_clear_error();
        } else if (!key)
            fail(err, size, "--tls-key %s: not a PEM private key", cfg->tls_key);
        else if (SSL_CTX_use_PrivateKey(ctx, key) != 1 || SSL_CTX_check_private_key(ctx) != 1)
            fail(err, size, "--tls-key %s: does not match the certificate of --tls-cert %s", cfg->tls_key,
                 cfg->tls_cert);
        else
            rc = 0;
        EVP_PKEY_free(key);
    }
    /* served as given, but a handshake for a name it does not cover is refused */
    if (rc == 0 && X509_check_host(x, "zoom.us", 0, 0, NULL) != 1 && X509_check_host(x, "api.zoom.us", 0, 0, NULL) != 1)
        log_warn("tls: --tls-cert %s names neither zoom.us nor api.zoom.us: clients asking for them are refused",
                 cfg->tls_cert);
    X509_free(x);
    return rc;
}

static int use_issued(SSL_CTX *ctx, struct db *db, const struct config *cfg, char *err, size_t size)
{
    EVP_PKEY *ca_key, *key;
    X509 *ca, *cert;
    if (ca_load(db, &ca_key, &ca) != 0) {
        fail(err, size, "the certificate authority in the store cannot be read");
        return -1;
    }
    int rc = -1;
    if (leaf_make(cfg, ca_key, ca, &key, &cert) != 0)
        fail(err, size, "issuing the server certificate failed");
    else {
        if (SSL_CTX_use_certificate(ctx, cert) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1 ||
            SSL_CTX_add1_chain_cert(ctx, ca) != 1)
            fail(err, size, "the server certificate cannot be used");
        else
            rc = 0;
        X509_free(cert);
        EVP_PKEY_free(key);
    }
    X509_free(ca);
    EVP_PKEY_free(ca_key);
    return rc;
}

SSL_CTX *tls_server_context(struct db *db, const struct config *cfg, char *err, size_t errsize)
{
    static const h2o_iovec_t alpn[] = {{H2O_STRLIT("http/1.1")}, {NULL, 0}};
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        fail(err, errsize, "OpenSSL cannot make a TLS context");
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
    int rc = cfg->tls_cert[0] ? use_own(ctx, cfg, err, errsize) : use_issued(ctx, db, cfg, err, errsize);
    if (rc != 0) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    SSL_CTX_set_tlsext_servername_callback(ctx, on_server_name);
    /* HTTP/1.1 only: the framing checks of dispatch.c read HTTP/1 heads */
    h2o_ssl_register_alpn_protocols(ctx, alpn);
    return ctx;
}
