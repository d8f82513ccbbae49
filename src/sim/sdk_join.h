/* A Meeting SDK join (zoom-wire §1.8): a bot presents the SDK JWT its app
 * signed with its client secret, and joins the simulated meeting as a
 * participant, or starts it as the host with the host's ZAK. */
#ifndef PLAZA_SDK_JOIN_H
#define PLAZA_SDK_JOIN_H

#include "core/err.h"

#include <jansson.h>
#include <stdint.h>

struct db;

#define SDK_SIGNATURE_MAX 4096
#define SDK_CLOCK_SKEW 60            /* seconds an iat may lie in the future */
#define SDK_TTL_MIN 1800             /* exp - iat, and tokenExp - iat, at least */
#define SDK_TTL_MAX (48 * 3600)      /* exp - iat at most */

struct sdk_join_in {
    const char *signature, *meeting_number, *password, *display_name, *email, *zak;
};

/* The Meeting SDK error a refusal stands for (docs/control-api.md). */
struct sdk_error {
    int code;
    const char *name, *title; /* Zoom's name of the code; the problem's title */
};

/* The SDK JWT alone, as sdk_join reads it (pure, no store; fuzzed by tests/fuzz/fuzz_sdk.c).
 * sdk_signature_read: three parts, header alg exactly HS256, a JSON object payload naming its
 * sdkKey (appKey/sdkKey): 0 with *payload (json_decref it) and *key inside it, or -1 with
 * *problem. sdk_signature_check, once the key's secret is known: the HS256 signature, the
 * iat/exp/tokenExp window at `now`, mn and role: 0 with *role, or -1 with *problem. */
int sdk_signature_read(const char *sig, json_t **payload, const char **key, const char **problem);
int sdk_signature_check(const char *sig, json_t *payload, const char *secret, const char *meeting_number, int64_t now,
                        int *role, const char **problem);

/* 0 with *out {participant_id, meeting_id, uuid, display_name, role}; -1 with
 * e (and *why, code 0 when the body itself was malformed). Nothing changes on
 * a refusal. */
int sdk_join(struct db *db, const struct sdk_join_in *in, json_t **out, struct perr *e, struct sdk_error *why);

#endif
