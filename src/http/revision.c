/* ETag and If-Match on an app and its parts. A read carries the revision
 * read before the handler reads the rest, so the tag is never newer than
 * what the answer shows. A change claims the next revision before it runs
 * (one UPDATE ... WHERE revision = ?: on PostgreSQL the row lock makes a
 * second node wait and then find the revision gone). Without If-Match a
 * change claims whatever revision is current: scripts and the CLI work as
 * before. */
#include "http/revision.h"
#include "core/db.h"
#include "core/log.h"
#include "http/router.h"
#include "market/market.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REVISION_NONE (-1) /* an If-Match no revision equals */

static void set_etag(struct http_req *r, int64_t revision)
{
    snprintf(r->etag, sizeof r->etag, "\"r%" PRId64 "\"", revision);
}

/* If-Match as the revision it names: 0 when absent or `*` (any), REVISION_NONE
 * when it names none of plaza's tags (a weak or foreign tag, a list). */
static int64_t if_match(struct http_req *r)
{
    size_t n;
    const char *v = http_header(r, H2O_TOKEN_IF_MATCH, &n);
    if (!v)
        return 0;
    char tag[32];
    if (n == 0 || n >= sizeof tag)
        return REVISION_NONE;
    memcpy(tag, v, n);
    tag[n] = '\0';
    if (strcmp(tag, "*") == 0)
        return 0;
    char *end;
    if (n < 4 || tag[0] != '"' || tag[1] != 'r' || tag[2] < '1' || tag[2] > '9')
        return REVISION_NONE;
    long long rev = strtoll(tag + 2, &end, 10);
    return strcmp(end, "\"") == 0 && rev > 0 ? (int64_t)rev : REVISION_NONE;
}

static void send_stale(struct http_req *r, int64_t current)
{
    char detail[200], etag[24];
    snprintf(detail, sizeof detail,
             "The app was changed since you read it (revision %" PRId64 " now); read it again and reapply your "
             "change.",
             current);
    snprintf(etag, sizeof etag, "\"r%" PRId64 "\"", current);
    http_add_header(r, H2O_TOKEN_ETAG, etag);
    http_send_problem_json(r, 412,
                           json_pack("{s:s,s:s,s:i,s:s,s:I}", "type", "urn:plaza:problem:stale", "title",
                                     "The resource was changed since it was read.", "status", 412, "detail", detail,
                                     "revision", (json_int_t)current));
}

static void send_store_failure(struct http_req *r)
{
    struct perr e = {0};
    perr_set(&e, PERR_INTERNAL, "The store is busy.");
    http_send_error(r, &e);
}

static void run_read(struct http_req *r)
{
    int64_t rev = app_revision(r->db, r->params[0]);
    if (rev > 0)
        set_etag(r, rev);
    r->route->handler(r);
}

/* Before a failed change's answer leaves: the revision it claimed is given back. */
static void give_back_on_failure(struct http_req *r, int status)
{
    if (status < 200 || status >= 300)
        app_revision_release(r->db, r->params[0], r->claimed_revision);
}

/* A change first claims the next revision, in a statement of its own: of two
 * changes made with the same tag, one claims it and the other is stale. Then
 * the handler runs with its own transactions, so that what follows a commit
 * (webhooks woken, other nodes told) follows a real one. A change that fails
 * gives the revision back, before its answer leaves, unless another change
 * has claimed one since. */
static void run_change(struct http_req *r)
{
    int64_t revision = 0;
    int claimed = app_revision_claim(r->db, r->params[0], if_match(r), &revision);
    if (claimed < 0) {
        send_store_failure(r);
        return;
    }
    if (claimed == 0) {
        if (revision > 0)
            send_stale(r, revision);
        else
            r->route->handler(r); /* no such app: the handler's own 404 */
        return;
    }
    set_etag(r, revision);
    r->claimed_revision = revision;
    r->before_answer = give_back_on_failure;
    r->route->handler(r);
}

void revision_run(struct http_req *r)
{
    const char *m = r->route->method;
    if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0)
        run_read(r);
    else
        run_change(r);
}
