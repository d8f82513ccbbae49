/* Accounts and their users. An account is created with its owner in one
 * transaction; deleting an account deletes everything of it. */
#include "core/clock.h"
#include "core/zoom_codes.h"
#include "core/db.h"
#include "core/sync.h"
#include "market/accounts_store.h"
#include "market/market.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define PASSWORD_MIN 8
#define PASSWORD_MAX 128
#define PMI_ATTEMPTS 8

static _Atomic uint64_t version = 1;

uint64_t users_version(void) { return atomic_load_explicit(&version, memory_order_acquire); }

/* Every write to users (or to the accounts they belong to) calls this after its
 * change: here, and on the other nodes sharing the store. */
static void users_changed(void)
{
    atomic_fetch_add_explicit(&version, 1, memory_order_acq_rel);
    sync_announce("users", "-");
}

static void on_sync(struct db *db, const char *arg)
{
    (void)db, (void)arg;
    atomic_fetch_add_explicit(&version, 1, memory_order_acq_rel);
}

int users_sync_subscribe(void) { return sync_subscribe("users", on_sync); }

static const char *const plans[] = {"free", "pro", "business", "business_plus", "enterprise"};

const char *user_role_name(enum user_role r)
{
    return r == ROLE_OWNER ? "owner" : r == ROLE_ADMIN ? "admin" : "member";
}

int user_role_parse(const char *s, enum user_role *out)
{
    if (strcmp(s, "owner") == 0)
        *out = ROLE_OWNER;
    else if (strcmp(s, "admin") == 0)
        *out = ROLE_ADMIN;
    else if (strcmp(s, "member") == 0)
        *out = ROLE_MEMBER;
    else
        return -1;
    return 0;
}

/* Copies `s` (NULL = "") into dst when it fits and is not blank-padded; -1 otherwise. */
static int take(char *dst, size_t size, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    if (n >= size)
        return -1;
    memcpy(dst, s, n + 1);
    return 0;
}

/* A plain shape check: one '@', something before it, a dotted domain after, no
 * spaces or controls. Deliverability is not plaza's business. */
static int email_ok(const char *s)
{
    size_t n = strlen(s);
    const char *at = strchr(s, '@');
    if (n < 3 || n > USER_EMAIL_MAX || !at || at == s || strchr(at + 1, '@'))
        return 0;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0')
        return 0;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>' || *p == '"')
            return 0;
    return 1;
}

int user_email_valid(const char *s) { return email_ok(s); }

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* Validates `in` into `u` (everything but ids and times); field errors into e. */
static int user_validate(const struct user_new *in, const char *field_prefix, struct user *u, enum user_role dflt,
                         struct perr *e)
{
    char f[64];
#define FIELD(name) (snprintf(f, sizeof f, "%s%s", field_prefix, name), f)
    memset(u, 0, sizeof *u);
    if (!in->email || take(u->email, sizeof u->email, in->email) != 0 || !email_ok(u->email))
        perr_field(e, FIELD("email"), "must be an e-mail address of at most %d characters", USER_EMAIL_MAX);
    lower(u->email);
    if (take(u->first_name, sizeof u->first_name, in->first_name) != 0)
        perr_field(e, FIELD("first_name"), "must be at most %d characters", USER_NAME_MAX);
    if (take(u->last_name, sizeof u->last_name, in->last_name) != 0)
        perr_field(e, FIELD("last_name"), "must be at most %d characters", USER_NAME_MAX);
    u->role = dflt;
    if (in->role && user_role_parse(in->role, &u->role) != 0)
        perr_field(e, FIELD("role"), "must be one of owner, admin, member");
    u->type = 2;
    if (in->type && strcmp(in->type, "basic") == 0)
        u->type = 1;
    else if (in->type && strcmp(in->type, "licensed") != 0)
        perr_field(e, FIELD("type"), "must be basic or licensed");
    if (in->password && (strlen(in->password) < PASSWORD_MIN || strlen(in->password) > PASSWORD_MAX))
        perr_field(e, FIELD("password"), "must be %d to %d characters", PASSWORD_MIN, PASSWORD_MAX);
    if (take(u->timezone, sizeof u->timezone, in->timezone ? in->timezone : "") != 0)
        perr_field(e, FIELD("timezone"), "must be at most %zu characters", sizeof u->timezone - 1);
    if (take(u->language, sizeof u->language, in->language ? in->language : "en-US") != 0)
        perr_field(e, FIELD("language"), "must be at most %zu characters", sizeof u->language - 1);
#undef FIELD
    snprintf(u->display_name, sizeof u->display_name, "%s%s%s", u->first_name,
             u->first_name[0] && u->last_name[0] ? " " : "", u->last_name);
    snprintf(u->status, sizeof u->status, "active");
    snprintf(u->extra, sizeof u->extra, "{}");
    u->has_password = in->password != NULL;
    return e->kind == PERR_NONE ? 0 : -1;
}

/* Inserts a validated user (inside the caller's transaction). */
static int user_insert(struct db *db, struct user *u, const char *password_hash, struct perr *e)
{
    ids_new(u->id);
    u->created_at = clock_now();
    for (int attempt = 0; attempt < PMI_ATTEMPTS; attempt++) {
        u->pmi = ids_pmi();
        int rc = user_store_insert(db, u, password_hash);
        if (rc == 0)
            return 0;
        if (rc < 0)
            return perr_set(e, PERR_INTERNAL, "Storing the user failed.");
        struct user other;
        if (user_find(db, u->email, &other) == 1) {
            perr_field(e, "email", "is already used by another user");
            e->kind = PERR_CONFLICT;
            snprintf(e->message, sizeof e->message, "A user with e-mail %.200s already exists.", u->email);
            return -1;
        }
        /* else the PMI collided: draw another */
    }
    return perr_set(e, PERR_INTERNAL, "Could not allocate a personal meeting ID.");
}

static int hash_password(const char *password, char hash[CRYPTO_PASSWORD_HASH], struct perr *e)
{
    if (!password)
        return 0;
    if (crypto_password_hash(password, hash) != 0)
        return perr_set(e, PERR_INTERNAL, "Hashing the password failed.");
    return 0;
}

/* A change made in one transaction: what it needs, and whether it began (to
 * tell a busy store from a failed commit when db_transaction refuses). */
struct account_change {
    const struct account *account;
    struct user *user;
    const char *password_hash;
    struct perr *e;
    int began;
};

static int create_in_tx(struct db *db, void *arg)
{
    struct account_change *c = arg;
    c->began = 1;
    if (account_store_insert(db, c->account) != 0)
        return perr_set(c->e, PERR_INTERNAL, "Storing the account failed.");
    if (user_insert(db, c->user, c->password_hash, c->e) != 0) {
        if (c->e->nfields)
            snprintf(c->e->fields[0].field, sizeof c->e->fields[0].field, "owner.email");
        return -1;
    }
    return 0;
}

/* The error of a transaction refused before or after `fn` ran, when fn set none. */
static int transaction_failed(const struct account_change *c, const char *committing)
{
    if (c->e->kind != PERR_NONE)
        return -1;
    return perr_set(c->e, PERR_INTERNAL, "%s", c->began ? committing : "The store is busy.");
}

int account_create(struct db *db, const struct account_new *in, struct account *out, struct user *owner,
                   struct perr *e)
{
    memset(out, 0, sizeof *out);
    size_t nlen = in->name ? strlen(in->name) : 0;
    if (nlen == 0 || nlen > ACCOUNT_NAME_MAX || take(out->name, sizeof out->name, in->name) != 0)
        perr_field(e, "name", "is required, at most %d characters", ACCOUNT_NAME_MAX);
    const char *plan = in->plan ? in->plan : "pro";
    int plan_ok = 0;
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++)
        plan_ok |= strcmp(plan, plans[i]) == 0;
    if (!plan_ok)
        perr_field(e, "plan", "must be one of free, pro, business, business_plus, enterprise");
    else
        snprintf(out->plan, sizeof out->plan, "%s", plan);
    struct user_new o = in->owner;
    if (o.role && strcmp(o.role, "owner") != 0)
        perr_field(e, "owner.role", "must be owner (or left out)");
    o.role = NULL;
    user_validate(&o, "owner.", owner, ROLE_OWNER, e);
    if (e->kind != PERR_NONE)
        return -1;

    char hash[CRYPTO_PASSWORD_HASH];
    if (hash_password(o.password, hash, e) != 0)
        return -1;

    ids_new(out->id);
    out->created_at = clock_now();
    memcpy(owner->account_id, out->id, sizeof out->id);
    struct account_change c = {out, owner, o.password ? hash : NULL, e, 0};
    if (db_transaction(db, create_in_tx, &c) != 0)
        return transaction_failed(&c, "Committing the account failed.");
    return 0;
}

int account_get(struct db *db, const char *id, struct account *out, struct perr *e)
{
    int found = account_store_get(db, id, out);
    if (found == 1)
        return 0;
    if (found == 0)
        return perr_set(e, PERR_NOT_FOUND, "Account %s does not exist.", id);
    return perr_set(e, PERR_INTERNAL, "Reading the account failed.");
}

int account_paid(struct db *db, const char *id, struct perr *e)
{
    struct account a;
    if (account_get(db, id, &a, e) != 0)
        return -1;
    return strcmp(a.plan, "free") != 0;
}

int account_list(struct db *db, const char *after, struct account *out, int max, int *n, struct perr *e)
{
    if (account_store_list(db, after ? after : "", out, max, n) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing accounts failed.");
    return 0;
}

int account_update(struct db *db, const char *id, const struct account_edit *change, struct account *out,
                   struct perr *e)
{
    const char *name = change->name, *plan = change->plan, *rate_limits = change->rate_limits;
    struct account a;
    if (account_get(db, id, &a, e) != 0)
        return -1;
    if (name && (!*name || strlen(name) > ACCOUNT_NAME_MAX))
        perr_field(e, "name", "must be 1 to %d characters", ACCOUNT_NAME_MAX);
    int plan_ok = !plan;
    for (size_t i = 0; plan && i < sizeof plans / sizeof plans[0]; i++)
        plan_ok |= strcmp(plan, plans[i]) == 0;
    if (!plan_ok)
        perr_field(e, "plan", "must be one of free, pro, business, business_plus, enterprise");
    if (rate_limits && *rate_limits && strcmp(rate_limits, "zoom") != 0 && strcmp(rate_limits, "off") != 0)
        perr_field(e, "rate_limits", "must be zoom, off, or null to follow the server");
    if (e->kind != PERR_NONE)
        return -1;
    if (account_store_update(db, id, name, plan, rate_limits) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the account failed.");
    return account_get(db, id, out, e);
}

static int delete_in_tx(struct db *db, void *arg)
{
    struct account_change *c = arg;
    c->began = 1;
    /* installs of the account, and installs of its apps in other accounts, die first */
    if (installs_forget(db, c->account->id, NULL) != 0 || account_store_delete(db, c->account->id) != 0)
        return perr_set(c->e, PERR_INTERNAL, "Deleting the account failed.");
    return 0;
}

int account_delete(struct db *db, const char *id, struct perr *e)
{
    struct account a;
    if (account_get(db, id, &a, e) != 0)
        return -1;
    struct account_change c = {&a, NULL, NULL, e, 0};
    if (db_transaction(db, delete_in_tx, &c) != 0)
        return transaction_failed(&c, "Committing the deletion failed.");
    users_changed();
    return 0;
}

int account_rate_limits_each(struct db *db, void (*fn)(const char *account_id, const char *mode, void *arg),
                             void *arg)
{
    return account_store_rate_limits(db, fn, arg);
}

static int user_create_in_tx(struct db *db, void *arg)
{
    struct account_change *c = arg;
    c->began = 1;
    return user_insert(db, c->user, c->password_hash, c->e);
}

int user_create(struct db *db, const char *account_id, const struct user_new *in, struct user *out, struct perr *e)
{
    struct account a;
    if (account_get(db, account_id, &a, e) != 0)
        return -1;
    if (user_validate(in, "", out, ROLE_MEMBER, e) != 0)
        return -1;
    if (out->role == ROLE_OWNER) {
        perr_field(e, "role", "an account has one owner, created with the account");
        e->kind = PERR_CONFLICT;
        return -1;
    }
    char hash[CRYPTO_PASSWORD_HASH];
    if (hash_password(in->password, hash, e) != 0)
        return -1;
    memcpy(out->account_id, a.id, sizeof a.id);
    struct account_change c = {&a, out, in->password ? hash : NULL, e, 0};
    if (db_transaction(db, user_create_in_tx, &c) != 0)
        return transaction_failed(&c, "Committing the user failed.");
    return 0;
}

int user_find(struct db *db, const char *id_or_email, struct user *out)
{
    if (strchr(id_or_email, '@')) {
        char email[USER_EMAIL_MAX + 1];
        if (take(email, sizeof email, id_or_email) != 0)
            return 0;
        lower(email);
        return user_store_by_email(db, email, out);
    }
    return user_store_by_id(db, id_or_email, out);
}

int user_find_jid(struct db *db, const char *account_id, const char *local, struct user *out)
{
    /* a JID's local part is the user id in lower case (zoom-wire §2.7); ids differ in more than case */
    return user_store_by_lower_id(db, account_id, local, out);
}

int user_owner_of(struct db *db, const char *account_id, struct user *out)
{
    return user_store_owner_of(db, account_id, out);
}

int user_list(struct db *db, const struct user_filter *f, struct user *out, int max, int *n, struct perr *e)
{
    struct user_store_filter sf = {f->account_id, f->after, f->status, f->role, f->offset};
    if (user_store_list(db, &sf, out, max, n) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing users failed.");
    return 0;
}

int64_t user_count(struct db *db, const struct user_filter *f)
{
    struct user_store_filter sf = {f->account_id, NULL, f->status, f->role, 0};
    return user_store_count(db, &sf);
}

int user_check_password(struct db *db, const char *email, const char *password, struct user *out)
{
    char lowered[USER_EMAIL_MAX + 1];
    if (take(lowered, sizeof lowered, email) != 0 || strlen(password) > PASSWORD_MAX)
        return 0;
    lower(lowered);
    char hash[CRYPTO_PASSWORD_HASH] = "";
    if (user_store_with_password(db, lowered, out, hash) != 1) {
        /* spend the same effort on unknown e-mails, so timing does not tell which exist */
        static const char dummy[] = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                                    "2zGNDsOj0YSqSOa9DUGrYy9cOmeKAVvgmOf6zq9lVbM";
        crypto_password_verify(dummy, password);
        return 0;
    }
    return crypto_password_verify(hash, password);
}

int user_touch_login(struct db *db, const char *user_id)
{
    int rc = user_store_touch_login(db, user_id, clock_now());
    users_changed();
    return rc;
}

int user_save(struct db *db, const struct user *u, struct perr *e)
{
    int rc = user_store_save(db, u);
    users_changed();
    if (rc == 1) {
        perr_field(e, "pmi", "is already used by another user");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    return rc == 0 ? 0 : perr_set(e, PERR_INTERNAL, "Storing the user failed.");
}
