/* The Marketplace's notifications: who is told what when an app is
 * submitted, approved or rejected, a sharing request is decided, or an
 * install is removed by someone else; each notice is written to the mailbox
 * in the transaction of the change that causes it (queued for SMTP when
 * plaza sends mail, market/mailer.c), and read back for the control API. */
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "market/accounts_store.h"
#include "market/app_review_store.h"
#include "market/mail_store.h"
#include "market/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECIPIENTS_MAX 10 /* an account's owner and admins told at most */

/* Who a notice goes to: one user, or the owner and admins of an account. */
struct recipients {
    struct user *u;
    int n;
};

/* The user `user_id` ("operator" or unknown: the account's owner and admins). */
static int recipients_for(struct db *db, const char *account_id, const char *user_id, struct recipients *r)
{
    r->n = 0;
    if (!(r->u = malloc(sizeof *r->u * RECIPIENTS_MAX)))
        return -1;
    if (user_id && *user_id && strcmp(user_id, "operator") != 0) {
        int found = user_find(db, user_id, &r->u[0]);
        if (found < 0)
            return -1;
        if (found && strcmp(r->u[0].account_id, account_id) == 0) {
            r->n = 1;
            return 0;
        }
    }
    return user_store_managers(db, account_id, r->u, RECIPIENTS_MAX, &r->n);
}

/* A notice's text, written with stdio into memory. */
struct notice {
    const char *kind, *app_id;
    char subject[300];
    char *body;
    size_t len;
    FILE *f;
};

static int notice_open(struct notice *n, const char *kind, const char *app_id)
{
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->app_id = app_id;
    n->f = open_memstream(&n->body, &n->len);
    return n->f ? 0 : -1;
}

static void app_link(FILE *f, const char *app_id)
{
    fprintf(f, "  %s/marketplace#/apps/%s\n", config()->public_url, app_id);
}

static void indented(FILE *f, const char *label, const char *text)
{
    if (!text || !*text)
        return;
    fprintf(f, "\n%s\n  ", label);
    for (const char *p = text; *p; p++) {
        fputc(*p, f);
        if (*p == '\n' && p[1])
            fputs("  ", f);
    }
    fputc('\n', f);
}

/* Records the notice for each recipient (each greeted by name), then frees its text. */
static int notice_send(struct db *db, struct notice *n, const struct recipients *r)
{
    int rc = fclose(n->f) == 0 ? 0 : -1;
    n->f = NULL;
    int smtp = config()->smtp_url[0] != '\0';
    for (int i = 0; rc == 0 && i < r->n; i++) {
        const struct user *u = &r->u[i];
        char *text = NULL;
        size_t len;
        FILE *f = open_memstream(&text, &len);
        if (!f) {
            rc = -1;
            break;
        }
        fprintf(f, "Hello %s,\n\n%s\n-- \nplaza Marketplace\n", u->display_name[0] ? u->display_name : u->email,
                n->body);
        if (fclose(f) != 0) {
            free(text);
            rc = -1;
            break;
        }
        struct mail_new m = {.to_user_id = u->id,
                             .to_email = u->email,
                             .account_id = u->account_id,
                             .app_id = n->app_id,
                             .kind = n->kind,
                             .subject = n->subject,
                             .body = text,
                             .smtp_status = smtp ? "queued" : "not_sent",
                             .at = clock_now(),
                             .due_ms = smtp ? clock_now_ms() : 0};
        rc = mail_store_insert(db, &m);
        free(text);
    }
    free(n->body);
    n->body = NULL;
    return rc;
}

static int notify(struct db *db, struct notice *n, const char *account_id, const char *user_id)
{
    struct recipients r;
    int rc = recipients_for(db, account_id, user_id, &r) == 0 ? notice_send(db, n, &r) : -1;
    if (n->f) { /* not sent: the text is dropped */
        fclose(n->f);
        free(n->body);
    }
    free(r.u);
    return rc;
}

int notify_submitted(struct db *db, const struct app *a, int version, const char *actor_id)
{
    struct notice n;
    char at[21];
    if (notice_open(&n, NOTICE_SUBMITTED, a->id) != 0)
        return -1;
    clock_format(clock_now(), at);
    snprintf(n.subject, sizeof n.subject, "Submission received: %s (version %d)", a->name, version);
    fprintf(n.f,
            "Version %d of %s was submitted for review on %s.\n"
            "A reviewer will look at it; you will hear when it is approved or rejected.\n"
            "Until then the app cannot be edited (withdraw it to make changes).\n\n"
            "The app in the Marketplace:\n",
            version, a->name, at);
    app_link(n.f, a->id);
    return notify(db, &n, a->account_id, actor_id);
}

/* Each section's reason of a rejection (a JSON object of section: reason). */
static void reasons(FILE *f, const char *sections)
{
    json_t *o = sections && *sections ? json_loads(sections, 0, NULL) : NULL;
    const char *key;
    json_t *v;
    if (json_object_size(o))
        fputs("\nReasons, by section:\n", f);
    json_object_foreach(o, key, v) fprintf(f, "  %s: %s\n", key, json_string_value(v) ? json_string_value(v) : "");
    json_decref(o);
}

int notify_review(struct db *db, const struct notice_decision *d)
{
    const struct app *a = d->app;
    struct notice n;
    char at[21], submitter[ID_LEN + 8] = "";
    if (transition_store_submitter(db, a->id, d->version, submitter, sizeof submitter) < 0 ||
        notice_open(&n, d->approved ? NOTICE_APPROVED : NOTICE_REJECTED, a->id) != 0)
        return -1;
    clock_format(clock_now(), at);
    if (d->approved) {
        snprintf(n.subject, sizeof n.subject, "Approved: %s (version %d)", a->name, d->version);
        fprintf(n.f,
                "Version %d of %s was approved on %s.\n"
                "Its production credentials are released: issue the client secret, then publish the app\n"
                "when you are ready for other accounts to install it.\n",
                d->version, a->name, at);
    } else {
        snprintf(n.subject, sizeof n.subject, "Rejected: %s (version %d)", a->name, d->version);
        fprintf(n.f, "Version %d of %s was rejected on %s.\n", d->version, a->name, at);
    }
    indented(n.f, "Notes from the reviewer:", d->notes);
    reasons(n.f, d->sections);
    fprintf(n.f, "\n%s\n", d->approved ? "The app in the Marketplace:" : "Make the changes asked for and submit again:");
    app_link(n.f, a->id);
    return notify(db, &n, a->account_id, submitter);
}

int notify_sharing(struct db *db, const struct share_request *r)
{
    struct app a;
    struct perr e = {0};
    struct notice n;
    char at[21], until[21];
    int approved = strcmp(r->status, "approved") == 0;
    if (app_get(db, r->app_id, &a, &e) != 0 ||
        notice_open(&n, approved ? NOTICE_SHARING_APPROVED : NOTICE_SHARING_DENIED, a.id) != 0)
        return -1;
    clock_format(r->decided_at, at);
    snprintf(n.subject, sizeof n.subject, "Private sharing %s: %s", approved ? "approved" : "denied", a.name);
    if (approved) {
        clock_format(r->expires_at, until);
        fprintf(n.f,
                "Your request to share %s privately (%s, %d customers) was approved on %s.\n"
                "Other accounts may install it with its development credentials for %d days,\n"
                "until %s; accounts that installed it by then keep it.\n",
                a.name, r->customer_type, r->customers, at, r->valid_days, until);
    } else {
        fprintf(n.f, "Your request to share %s privately (%s, %d customers) was denied on %s.\n", a.name,
                r->customer_type, r->customers, at);
    }
    indented(n.f, "Notes:", r->decision_notes);
    fputs("\nThe app in the Marketplace:\n", n.f);
    app_link(n.f, a.id);
    return notify(db, &n, a.account_id, r->requested_by);
}

int notify_app_removed(struct db *db, const struct install *ins, const char *removed_by)
{
    const char *user_id = ins->user_id[0] ? ins->user_id : ins->installed_by;
    struct app a;
    struct user by;
    struct perr e = {0};
    struct notice n;
    char at[21];
    int found = strcmp(removed_by, "operator") == 0 ? 0 : user_find(db, removed_by, &by);
    if (found < 0)
        return -1;
    if (found && strcmp(by.id, user_id) == 0)
        return 0; /* the user removed it: nobody else to tell */
    if (app_get(db, ins->app_id, &a, &e) != 0 || notice_open(&n, NOTICE_APP_REMOVED, a.id) != 0)
        return -1;
    clock_format(clock_now(), at);
    snprintf(n.subject, sizeof n.subject, "App removed: %s", a.name);
    fprintf(n.f,
            "%s was removed from your account on %s by %s.\n"
            "Its access to your Zoom data has ended and the app was told (app_deauthorized).\n"
            "\nTo install it again, or to read about it:\n",
            a.name, at, found ? by.email : "the Marketplace operator");
    app_link(n.f, a.id);
    return notify(db, &n, ins->account_id, user_id);
}

/* ---- the mailbox, read ------------------------------------------------------ */

static json_t *out_mail(const struct mail_row *m)
{
    char created[21], sent[21];
    clock_format(m->created_at, created);
    if (m->sent_at)
        clock_format(m->sent_at, sent);
    return json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:s?}", "id", (json_int_t)m->id,
                     "to_user_id", m->to_user_id, "to_email", m->to_email, "account_id", m->account_id, "app_id",
                     m->app_id, "kind", m->kind, "subject", m->subject, "body", m->body, "created_at", created,
                     "smtp_status", m->smtp_status, "smtp_error", m->smtp_error ? m->smtp_error : "", "attempts",
                     m->attempts, "sent_at", m->sent_at ? sent : NULL);
}

static int page_row(const struct mail_row *m, void *arg)
{
    json_array_append_new(arg, out_mail(m));
    return 0;
}

int mailbox_list(struct db *db, const struct mailbox_filter *f, json_t **out, struct perr *e)
{
    struct user u;
    struct app a;
    if (f->user) {
        int found = user_find(db, f->user, &u);
        if (found < 0)
            return perr_set(e, PERR_INTERNAL, "Reading the user failed.");
        if (!found)
            return perr_set(e, PERR_NOT_FOUND, "User %.100s does not exist.", f->user);
    }
    if (f->app_id && app_get(db, f->app_id, &a, e) != 0)
        return -1;
    json_t *items = json_array();
    struct mail_query q = {f->user ? u.id : NULL, f->app_id, f->before_id, f->page_size + 1};
    if (mail_store_list(db, &q, page_row, items) != 0) {
        json_decref(items);
        return perr_set(e, PERR_INTERNAL, "Reading the mailbox failed.");
    }
    char next[24] = "";
    if ((int)json_array_size(items) > f->page_size) { /* one more than asked: there is a next page */
        json_array_remove(items, (size_t)f->page_size);
        json_t *last = json_array_get(items, (size_t)f->page_size - 1);
        snprintf(next, sizeof next, "%lld", (long long)json_integer_value(json_object_get(last, "id")));
    }
    *out = json_pack("{s:i,s:s,s:o}", "page_size", f->page_size, "next_page_token", next, "mail", items);
    return 0;
}

static int one_row(const struct mail_row *m, void *arg)
{
    *(json_t **)arg = out_mail(m);
    return 1;
}

int mailbox_get(struct db *db, int64_t id, json_t **out, struct perr *e)
{
    *out = NULL;
    int found = mail_store_get(db, id, one_row, out);
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the mailbox failed.");
    return found ? 0 : perr_set(e, PERR_NOT_FOUND, "Mail %lld does not exist.", (long long)id);
}
