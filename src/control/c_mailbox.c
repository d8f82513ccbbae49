/* /_plaza/mailbox: the Marketplace's notifications as recorded, newest
 * first, of a user or an app, and one by id. Thin handlers over
 * market/notify.c. */
#include "control/control_internal.h"

#include <stdlib.h>

int c_mailbox_list(struct http_req *r)
{
    struct perr e = {0};
    struct mailbox_filter f = {0};
    const char *token;
    if (in_page(r, &f.page_size, &token, &e) != 0)
        return fail(r, &e);
    if (http_query(r, "user", &f.user) < 0 || http_query(r, "app", &f.app_id) < 0) {
        perr_set(&e, PERR_INVALID, "Each filter may be given once: user, app.");
        return fail(r, &e);
    }
    if (token) { /* the token is the last id seen */
        char *end;
        long long t = strtoll(token, &end, 10);
        if (*end || t <= 0) {
            perr_field(&e, "next_page_token", "is not a token this API gave out");
            return fail(r, &e);
        }
        f.before_id = t;
    }
    json_t *out;
    if (mailbox_list(r->db, &f, &out, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

int c_mailbox_get(struct http_req *r)
{
    struct perr e = {0};
    char *end;
    long long id = strtoll(r->params[0], &end, 10);
    json_t *out;
    if (*end || id <= 0) {
        perr_set(&e, PERR_NOT_FOUND, "Mail %.30s does not exist.", r->params[0]);
        return fail(r, &e);
    }
    if (mailbox_get(r->db, id, &out, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}
