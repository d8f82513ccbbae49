/* /_plaza/ca: plaza's certificate authority, for clients to trust. Only the
 * certificate: the key stays in the store. The PEM file by default, to save
 * as it is; JSON with its fingerprint and dates for a client that asks for
 * JSON (the CLI does). */
#include "control/control_internal.h"
#include "tls/tls.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static char *pem_or_fail(struct http_req *r)
{
    char *pem = tls_ca_pem(r->db);
    if (!pem) {
        struct perr e = {0};
        perr_set(&e, PERR_INTERNAL, "The certificate authority could not be read or made.");
        fail(r, &e);
    }
    return pem;
}

static json_t *asn1_time_json(const ASN1_TIME *t)
{
    struct tm tm;
    char s[32];
    if (ASN1_TIME_to_tm(t, &tm) != 1 || strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return json_null();
    return json_string(s);
}

/* Whether the Accept header names JSON and not the PEM file type. */
static int wants_json(struct http_req *r)
{
    size_t n;
    const char *a = http_header(r, H2O_TOKEN_ACCEPT, &n);
    int json = 0, pem = 0;
    for (size_t i = 0; a && i < n; i++) {
        json |= n - i >= 16 && strncasecmp(a + i, "application/json", 16) == 0;
        pem |= n - i >= 22 && strncasecmp(a + i, "application/x-pem-file", 22) == 0;
    }
    return json && !pem;
}

int c_ca_get(struct http_req *r)
{
    http_add_header(r, H2O_TOKEN_VARY, "Accept");
    if (!wants_json(r))
        return c_ca_pem(r);
    char *pem = pem_or_fail(r);
    if (!pem)
        return 0;
    BIO *b = BIO_new_mem_buf(pem, -1);
    X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    char fp[3 * EVP_MAX_MD_SIZE + 1] = "", subject[256] = "";
    if (x && X509_digest(x, EVP_sha256(), md, &mdlen))
        for (unsigned i = 0; i < mdlen; i++)
            snprintf(fp + 3 * i, sizeof fp - 3 * i, "%02X%s", md[i], i + 1 < mdlen ? ":" : "");
    if (x)
        X509_NAME_oneline(X509_get_subject_name(x), subject, sizeof subject);
    json_t *out = json_pack("{s:s,s:s,s:o,s:o,s:s}", "certificate", pem, "subject", subject, "not_before",
                            x ? asn1_time_json(X509_get0_notBefore(x)) : json_null(), "not_after",
                            x ? asn1_time_json(X509_get0_notAfter(x)) : json_null(), "sha256_fingerprint", fp);
    X509_free(x);
    BIO_free(b);
    free(pem);
    http_send_json(r, 200, out);
    return 0;
}

int c_ca_pem(struct http_req *r)
{
    char *pem = pem_or_fail(r);
    if (!pem)
        return 0;
    http_send_text(r, 200, "application/x-pem-file", pem, strlen(pem));
    free(pem);
    return 0;
}
