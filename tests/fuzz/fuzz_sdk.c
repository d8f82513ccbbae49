/* Meeting SDK JWTs as a bot presents them to POST /_plaza/sdk/join, read and
 * checked the way sdk_join does before and after its key's secret is known.
 * The input is a signature as sent, a NUL, and a payload: the signature is
 * read (and checked against a fixed secret), and the payload is also signed
 * with that secret under an HS256 header, so that the checks behind the
 * signature (the time window, mn and role) are reached too. */
#include "fuzz.h"
#include "sim/sdk_join.h"

#include <sodium.h>

#define SECRET "fuzz-client-secret-0123456789abcdef"
#define NOW 1796000000
#define MEETING "74313300874"

static void read_and_check(const char *sig)
{
    json_t *payload = NULL;
    const char *key = NULL, *problem = NULL;
    if (sdk_signature_read(sig, &payload, &key, &problem) != 0) {
        FUZZ_ASSERT(payload == NULL && problem && *problem);
        return;
    }
    FUZZ_ASSERT(payload && key && *key && strlen(key) < 64);
    int role = -1;
    if (sdk_signature_check(sig, payload, SECRET, MEETING, NOW, &role, &problem) == 0)
        FUZZ_ASSERT(role == 0 || role == 1);
    else
        FUZZ_ASSERT(problem && *problem);
    json_decref(payload);
}

/* header.payload.signature with HS256 over the payload bytes as given. */
static char *signed_with_secret(const uint8_t *payload, size_t n)
{
    static const char head[] = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"; /* {"alg":"HS256","typ":"JWT"} */
    size_t body_len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *sig = malloc(sizeof head + body_len + 64);
    if (!sig)
        abort();
    memcpy(sig, head, sizeof head - 1);
    sig[sizeof head - 1] = '.';
    sodium_bin2base64(sig + sizeof head, body_len, payload, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    size_t signed_len = strlen(sig);
    uint8_t mac[32];
    crypto_hmac_sha256(SECRET, strlen(SECRET), sig, signed_len, mac);
    sig[signed_len] = '.';
    crypto_b64url(sig + signed_len + 1, 64, mac, sizeof mac);
    return sig;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (size > SDK_SIGNATURE_MAX * 2)
        return 0;
    char *parts[2];
    size_t lens[2];
    size_t n = fuzz_split(data, size, 0, parts, lens, 2);
    if (n >= 1 && lens[0] <= SDK_SIGNATURE_MAX)
        read_and_check(parts[0]);
    if (n == 2 && lens[1] <= SDK_SIGNATURE_MAX / 2) {
        char *sig = signed_with_secret((const uint8_t *)parts[1], lens[1]);
        read_and_check(sig);
        free(sig);
    }
    fuzz_free_parts(parts, n);
    return 0;
}
