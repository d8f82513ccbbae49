/* POST /_plaza/sdk/join: the checks Zoom makes of a Meeting SDK signature and
 * of who may join or start the meeting with it, then sim_join (and sim_start
 * for a host starting it). Refusals carry the Meeting SDK error code a bot on
 * zoom.us would get (docs/control-api.md cites them). */
#include "sim/sdk_join.h"
#include "api/api.h"
#include "api/zak.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "market/market.h"
#include "sim/sim.h"
#include "sim/sim_store.h"

#include <jwt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct sdk_error SIG_INVALID = {3712, "INVALID_SIGNATURE", "Signature is invalid."};
static const struct sdk_error JOIN_FAIL = {200, "FAIL", "Fail to join the meeting."};
static const struct sdk_error NOT_EXIST = {3001, "ERROR_NOT_EXIST", "Meeting does not exist."};
static const struct sdk_error NOT_HOST = {3003, "ERROR_NOT_HOST", "Not meeting host."};
static const struct sdk_error WRONG_PASSWORD = {3004, "WRONG_MEETING_PASSWORD", "Wrong meeting password."};
static const struct sdk_error NOT_STARTED = {3008, "MEETING_NOT_START", "Meeting has not started."};

/* Sets the refusal; returns -1. */
static int refuse(struct perr *e, struct sdk_error *why, struct sdk_error what, enum perr_kind kind, const char *msg)
{
    *why = what;
    return perr_set(e, kind, "%s", msg);
}

/* The JSON of one base64url part of the token (header or payload), or NULL. */
static json_t *part_json(const char *start, size_t len)
{
    unsigned char buf[SDK_SIGNATURE_MAX];
    size_t n = 0;
    if (sodium_base642bin(buf, sizeof buf - 1, start, len, NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) !=
        0)
        return NULL;
    json_t *o = json_loadb((const char *)buf, n, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Header and payload of a JWT of three parts whose header says HS256 (exactly), unverified yet. */
static int split(const char *sig, json_t **payload)
{
    const char *dot1 = strchr(sig, '.'), *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (!dot1 || !dot2 || strchr(dot2 + 1, '.'))
        return -1;
    json_t *head = part_json(sig, (size_t)(dot1 - sig));
    const char *alg = json_string_value(json_object_get(head, "alg"));
    int ok = alg && strcmp(alg, "HS256") == 0;
    json_decref(head);
    if (!ok || !(*payload = part_json(dot1 + 1, (size_t)(dot2 - dot1 - 1))))
        return -1;
    return 0;
}

/* The sdkKey: appKey or sdkKey, the same when both are given; NULL when neither or they differ. */
static const char *key_of(json_t *p)
{
    const char *a = json_string_value(json_object_get(p, "appKey"));
    const char *s = json_string_value(json_object_get(p, "sdkKey"));
    if (a && s && strcmp(a, s) != 0)
        return NULL;
    const char *k = a ? a : s;
    return k && *k && strlen(k) < ID_LEN ? k : NULL;
}

/* 1 when the signature verifies with the secret (libjwt, HS256). */
static int verifies(const char *sig, const char *secret)
{
    jwt_t *jwt = NULL;
    int ok = jwt_decode(&jwt, sig, (const unsigned char *)secret, (int)strlen(secret)) == 0 &&
             jwt_get_alg(jwt) == JWT_ALG_HS256;
    jwt_free(jwt);
    return ok;
}

/* iat, exp and tokenExp as §1.8 and the Meeting SDK's sample signer check them; NULL when right. */
static const char *time_problem(json_t *p, int64_t now)
{
    json_t *iat = json_object_get(p, "iat"), *exp = json_object_get(p, "exp"), *tx = json_object_get(p, "tokenExp");
    if (!json_is_integer(iat) || !json_is_integer(exp))
        return "The signature lacks iat or exp (whole seconds).";
    int64_t i = json_integer_value(iat), x = json_integer_value(exp);
    if (i > now + SDK_CLOCK_SKEW)
        return "The signature's iat lies in the future.";
    if (x <= now)
        return "The signature has expired (exp is past).";
    if (x - i < SDK_TTL_MIN || x - i > SDK_TTL_MAX)
        return "The signature's exp - iat must be between 1800 seconds and 48 hours.";
    if (tx && !json_is_null(tx)) {
        if (!json_is_integer(tx))
            return "The signature's tokenExp must be whole seconds.";
        int64_t t = json_integer_value(tx);
        if (t - i < SDK_TTL_MIN)
            return "The signature's tokenExp must be at least 1800 seconds after iat.";
        if (t <= now)
            return "The signature has expired (tokenExp is past).";
    }
    return NULL;
}

/* mn (string or number) names the meeting; role 0 or 1. 0, or -1 with the complaint. */
static int mn_role(json_t *p, const char *meeting_number, int *role, const char **problem)
{
    json_t *mn = json_object_get(p, "mn"), *r = json_object_get(p, "role");
    char buf[32] = "";
    if (!mn && !r) {
        *problem = "The signature has no mn and role: it is a native SDK token, which cannot join a meeting here.";
        return -1;
    }
    if (json_is_string(mn))
        snprintf(buf, sizeof buf, "%s", json_string_value(mn));
    else if (json_is_integer(mn))
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(mn));
    if (!buf[0]) {
        *problem = "The signature's mn must be the meeting number.";
        return -1;
    }
    if (strcmp(buf, meeting_number) != 0) {
        *problem = "The signature was made for another meeting number (mn).";
        return -1;
    }
    if (!json_is_integer(r) || (json_integer_value(r) != 0 && json_integer_value(r) != 1)) {
        *problem = "The signature's role must be 0 (join) or 1 (host).";
        return -1;
    }
    *role = (int)json_integer_value(r);
    return 0;
}

int sdk_signature_read(const char *sig, json_t **payload, const char **key, const char **problem)
{
    *payload = NULL;
    if (split(sig, payload) != 0) {
        *problem = "The signature is not a JWT with header alg HS256 and a JSON payload.";
        return -1;
    }
    if (!(*key = key_of(*payload))) {
        json_decref(*payload);
        *payload = NULL;
        *problem = "The signature names no sdkKey (appKey/sdkKey, the same when both are given).";
        return -1;
    }
    return 0;
}

int sdk_signature_check(const char *sig, json_t *payload, const char *secret, const char *meeting_number, int64_t now,
                        int *role, const char **problem)
{
    if (!verifies(sig, secret)) {
        *problem = "The signature does not verify with the client secret of its sdkKey.";
        return -1;
    }
    if ((*problem = time_problem(payload, now)) != NULL || mn_role(payload, meeting_number, role, problem) != 0)
        return -1;
    return 0;
}

/* The signature's claims and key, checked: 0 with *key filled and *role set. */
static int check_signature(struct db *db, const struct sdk_join_in *in, struct sdk_key *key, int *role,
                           struct perr *e, struct sdk_error *why)
{
    json_t *p = NULL;
    const char *k = NULL, *problem = NULL;
    if (sdk_signature_read(in->signature, &p, &k, &problem) != 0)
        return refuse(e, why, SIG_INVALID, PERR_UNAUTHORIZED, problem);
    int rc = -1;
    char msg[256];
    int found = sdk_key_find(db, k, key);
    if (found < 0) {
        perr_set(e, PERR_INTERNAL, "Reading the app's credentials failed.");
        goto out;
    }
    if (found == 0) {
        snprintf(msg, sizeof msg, "The sdkKey %.40s is not the client id of any app.", k);
        refuse(e, why, SIG_INVALID, PERR_UNAUTHORIZED, msg);
        goto out;
    }
    if (!key->released) { /* the production client id is not even shown before approval */
        refuse(e, why, JOIN_FAIL, PERR_FORBIDDEN, "Production credentials work only once the app is approved.");
        goto out;
    }
    if (!key->has_secret) {
        refuse(e, why, SIG_INVALID, PERR_UNAUTHORIZED,
               "The app's client secret was made before plaza kept secrets for Meeting SDK signatures: rotate the "
               "secret (POST /_plaza/apps/{appId}/credentials/{env}/secret) and sign with the new one.");
        goto out;
    }
    if (sdk_signature_check(in->signature, p, key->secret, in->meeting_number, clock_now(), role, &problem) != 0) {
        refuse(e, why, SIG_INVALID, PERR_UNAUTHORIZED, problem);
        goto out;
    }
    rc = 0;
out:
    json_decref(p);
    return rc;
}

/* The app may use the Meeting SDK with these credentials on this meeting. */
static int check_app(const struct sdk_key *key, const struct meeting *m, struct perr *e, struct sdk_error *why)
{
    if (!key->meeting_sdk)
        return refuse(e, why, JOIN_FAIL, PERR_FORBIDDEN,
                      key->env == ENV_DEVELOPMENT
                          ? "The app does not have Embed -> Meeting SDK enabled on its Development tab."
                          : "The app does not have Embed -> Meeting SDK enabled on its Production tab.");
    if (key->env == ENV_DEVELOPMENT && strcmp(key->app.account_id, m->account_id) != 0)
        return refuse(e, why, JOIN_FAIL, PERR_FORBIDDEN,
                      "Development credentials join only meetings hosted by users of the app's own account.");
    return 0;
}

static int password_ok(const struct meeting *m, const char *given)
{
    const char *want = json_string_value(json_object_get(m->doc, "password"));
    if (!want || !*want)
        return 1;
    size_t n = strlen(want);
    return given && strlen(given) == n && crypto_equal(want, given, n);
}

/* role 1: a ZAK of the meeting's host (for this meeting when it names one). */
static int check_host(const struct meeting *m, const char *zak, struct perr *e, struct sdk_error *why)
{
    struct zak_claims z;
    if (!zak || !*zak)
        return refuse(e, why, NOT_HOST, PERR_FORBIDDEN, "Starting as the host (role 1) needs the host's ZAK.");
    if (zak_check(zak, &z) != 0)
        return refuse(e, why, NOT_HOST, PERR_FORBIDDEN, "The ZAK is not valid or has expired.");
    if (strcmp(z.user_id, m->host_id) != 0 || (z.meeting_id && z.meeting_id != m->id))
        return refuse(e, why, NOT_HOST, PERR_FORBIDDEN, "The ZAK is not the meeting host's.");
    return 0;
}

/* The meeting, checks passed: starts it for a host, then joins. */
static int enter(struct db *db, const struct meeting *m, const struct sdk_join_in *in, int role, json_t **out,
                 struct perr *e)
{
    char number[24], uuid[32];
    int64_t started_at;
    snprintf(number, sizeof number, "%lld", (long long)m->id);
    const char *email = in->email && *in->email ? in->email : NULL;
    struct user host;
    if (role == 1) {
        if (!sim_store_running(db, m->id, uuid, &started_at)) {
            json_t *started = NULL;
            if (sim_start(db, number, &started, e) != 0)
                return -1;
            json_decref(started);
        }
        if (user_find(db, m->host_id, &host) == 1)
            email = host.email; /* the host joins as that user */
    }
    json_t *p = NULL;
    if (sim_join(db, number, in->display_name, email, &p, e) != 0)
        return -1;
    if (!sim_store_running(db, m->id, uuid, &started_at))
        uuid[0] = '\0';
    *out = json_pack("{s:s,s:I,s:s,s:s,s:i,s:O}", "participant_id", json_string_value(json_object_get(p, "id")),
                     "meeting_id", (json_int_t)m->id, "uuid", uuid, "display_name", in->display_name, "role", role,
                     "audio_url", json_object_get(p, "audio_url"));
    json_decref(p);
    return *out ? 0 : perr_set(e, PERR_INTERNAL, "Out of memory.");
}

int sdk_join(struct db *db, const struct sdk_join_in *in, json_t **out, struct perr *e, struct sdk_error *why)
{
    memset(why, 0, sizeof *why);
    struct sdk_key *key = calloc(1, sizeof *key);
    if (!key)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    int role = 0, rc = -1;
    struct meeting m = {0};
    int found = 0;
    if (check_signature(db, in, key, &role, e, why) != 0)
        goto out;
    found = meeting_find(db, in->meeting_number, &m);
    if (found < 0) {
        perr_set(e, PERR_INTERNAL, "Reading the meeting failed.");
        goto out;
    }
    if (found == 0 || m.deleted_at) {
        refuse(e, why, NOT_EXIST, PERR_NOT_FOUND, "The meeting does not exist.");
        goto out;
    }
    if (check_app(key, &m, e, why) != 0)
        goto out;
    if (!password_ok(&m, in->password)) {
        refuse(e, why, WRONG_PASSWORD, PERR_FORBIDDEN, "The meeting password is wrong.");
        goto out;
    }
    if (role == 1 && check_host(&m, in->zak, e, why) != 0)
        goto out;
    if (role == 0 && strcmp(m.status, "started") != 0) {
        refuse(e, why, NOT_STARTED, PERR_CONFLICT, "The meeting has not started.");
        goto out;
    }
    rc = enter(db, &m, in, role, out, e);
out:
    if (found == 1)
        meeting_clear(&m);
    sdk_key_clear(key);
    free(key);
    return rc;
}
