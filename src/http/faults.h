/* Fault injection: rules that make matching API calls fail with a chosen
 * status and Zoom error, or answer late, a given number of times or until
 * they expire on the virtual clock. Teams use them to test their error
 * handling and retries against plaza. Rules live in memory only. */
#ifndef PLAZA_FAULTS_H
#define PLAZA_FAULTS_H

#include "core/err.h"
#include "core/ids.h"

#include <jansson.h>
#include <stdint.h>

#define FAULTS_MAX 100
#define FAULT_DELAY_MAX_MS 30000

struct fault_rule {
    int64_t id;
    char account_id[ID_LEN]; /* "" matches every account */
    char method[8];          /* "" matches every method */
    char path[256];          /* shell-style pattern over the path ("*" matches anything) */
    int status;              /* 0: no error, only the delay */
    int code;                /* Zoom's error code in the body */
    char message[256];
    int delay_ms;
    int remaining;      /* uses left; -1 unlimited (until expiry) */
    int64_t expires_at; /* virtual clock; 0 never */
    int64_t created_at;
    int64_t hits;
};

/* Validates and adds a rule from its JSON form; the stored rule in *out. */
int faults_add(json_t *body, struct fault_rule *out, struct perr *e);
json_t *faults_list(void);
json_t *fault_json(const struct fault_rule *r);
int faults_remove(int64_t id); /* 0 removed, -1 no such rule */
void faults_clear(void);

/* The first live rule matching the call, using up one of its uses. 1 matched. */
int faults_match(const char *account_id, const char *method, const char *path, struct fault_rule *hit);

#endif
