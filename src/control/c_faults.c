/* /_plaza/faults: add, list and remove fault-injection rules. */
#include "http/faults.h"
#include "control/control_internal.h"

#include <stdlib.h>

int c_faults_create(struct http_req *r)
{
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    struct fault_rule rule;
    int rc = faults_add(body, &rule, &e);
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 201, fault_json(&rule));
    return 0;
}

int c_faults_list(struct http_req *r)
{
    http_send_json(r, 200, faults_list());
    return 0;
}

int c_fault_delete(struct http_req *r)
{
    char *end;
    long long id = strtoll(r->params[0], &end, 10);
    if (*end || id <= 0 || faults_remove(id) != 0) {
        struct perr e = {0};
        perr_set(&e, PERR_NOT_FOUND, "Fault rule %.30s does not exist.", r->params[0]);
        return fail(r, &e);
    }
    http_send_empty(r, 204);
    return 0;
}

int c_faults_clear(struct http_req *r)
{
    faults_clear();
    http_send_empty(r, 204);
    return 0;
}
