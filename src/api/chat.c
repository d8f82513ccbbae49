/* Chatbot messages: what a chatbot app sends with Zoom's "Send Chatbot
 * message" (POST /v2/im/chat/messages, its app token from client_credentials
 * with imchat:bot) and what users write to it, which reaches the app as a
 * bot_notification event (at its Bot endpoint URL and its subscriptions that
 * want it). Both directions are kept so that they can be
 * listed. Bot JIDs, message ids and the bounds are plaza's choices where Zoom
 * does not publish them (docs/wire-choices.md). Owns chat_messages. */
#include "api/api.h"
#include "core/zoom_codes.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/db.h"
#include "api/user_data_store.h"
#include "events/events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XMPP_DOMAIN "@xmpp.zoom.us"
#define CHANNEL_DOMAIN "@conference.xmpp.zoom.us"
#define HEAD_TEXT_MAX 1024
#define MESSAGE_ID_MAX 96

void chat_bot_jid(const char *client_id, char out[CHAT_JID_MAX])
{
    uint8_t h[32];
    char hex[65];
    crypto_sha256(client_id, strlen(client_id), h);
    crypto_hex(hex, h, 32);
    snprintf(out, CHAT_JID_MAX, "v1%.22s" XMPP_DOMAIN, hex);
}

/* The local part of a user's JID (lower-case letters, digits, '-' and '_'
 * before @xmpp.zoom.us); -1 when `jid` is not one. */
static int jid_local(const char *jid, char *out, size_t size)
{
    size_t n = strlen(jid), d = strlen(XMPP_DOMAIN);
    if (n <= d || n - d >= size || strcmp(jid + n - d, XMPP_DOMAIN) != 0)
        return -1;
    for (size_t i = 0; i < n - d; i++) {
        char c = jid[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return -1;
    }
    memcpy(out, jid, n - d);
    out[n - d] = '\0';
    return 0;
}

/* Whether the app's bot (env's credentials) talks with users of account_id:
 * its developer's account, or one where it is installed. 1 yes, 0 no, -1 error. */
static int bot_serves(struct db *db, const struct app *a, enum app_env env, const char *account_id)
{
    if (strcmp(a->account_id, account_id) == 0)
        return 1;
    struct install *ins = malloc(sizeof *ins * 8);
    if (!ins)
        return -1;
    int64_t after = 0;
    int n, found = 0;
    do {
        struct install_filter f = {a->id, account_id, NULL, after};
        if (install_list(db, &f, ins, 8, &n) != 0) {
            found = -1;
            break;
        }
        for (int i = 0; i < n && !found; i++)
            found = ins[i].env == env && !ins[i].revoked_at;
        if (n)
            after = ins[n - 1].id;
    } while (n == 8 && !found);
    free(ins);
    return found;
}

/* A user of `account_id` named by a JID, or (as Rivet's replies send it) by a user id. */
static int user_of_account(struct db *db, const char *account_id, const char *jid_or_id, struct user *out)
{
    char local[CHAT_JID_MAX];
    if (jid_local(jid_or_id, local, sizeof local) == 0)
        return user_find_jid(db, account_id, local, out);
    if (strchr(jid_or_id, '@') || strlen(jid_or_id) >= ID_LEN)
        return 0;
    int found = user_find(db, jid_or_id, out);
    return found == 1 && strcmp(out->account_id, account_id) != 0 ? 0 : found;
}

static void message_id_new(int64_t ms, char out[MESSAGE_ID_MAX])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    char rnd[16];
    crypto_token(rnd, sizeof rnd, 8);
    snprintf(out, MESSAGE_ID_MAX, "%04d%02d%02d%02d%02d%02d%03d_%.11s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000), rnd);
}

/* "2019-11-25 02:14:16.775", as Zoom writes sent_time. */
static void sent_time(int64_t ms, char out[96])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 96, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

static int validation_failed(struct perr *e)
{
    e->kind = PERR_INVALID;
    e->zoom_code = ZOOM_VALIDATION_FAILED;
    snprintf(e->message, sizeof e->message, "Validation Failed.");
    return -1;
}

/* content: a message card, {"head": {"text", "sub_head"?}, "body": [{"type", ...}]}, at least one of the two. */
static void check_content(json_t *content, struct perr *e)
{
    if (!json_is_object(content)) {
        perr_field(e, "content", "is required: an object with head and/or body");
        return;
    }
    json_t *head = json_object_get(content, "head"), *body = json_object_get(content, "body");
    if (!head && !body)
        perr_field(e, "content", "must have a head or a body");
    if (head) {
        const char *text = json_string_value(json_object_get(head, "text"));
        if (!json_is_object(head) || !text || !*text || strlen(text) > HEAD_TEXT_MAX)
            perr_field(e, "content.head.text", "must be a string of 1 to %d bytes", HEAD_TEXT_MAX);
    }
    if (body) {
        if (!json_is_array(body) || json_array_size(body) == 0 || json_array_size(body) > CHAT_BODY_ITEMS_MAX) {
            perr_field(e, "content.body", "must be an array of 1 to %d message elements", CHAT_BODY_ITEMS_MAX);
        } else {
            size_t i;
            json_t *item;
            json_array_foreach(body, i, item)
            {
                if (!json_is_string(json_object_get(item, "type"))) {
                    char f[48];
                    snprintf(f, sizeof f, "content.body[%zu].type", i);
                    perr_field(e, f, "is required: the element's type (message, fields, attachments, ...)");
                    break;
                }
            }
        }
    }
    char *text = json_dumps(content, JSON_COMPACT);
    if (!text || strlen(text) > CHAT_CONTENT_MAX)
        perr_field(e, "content", "is larger than %d bytes as JSON", CHAT_CONTENT_MAX);
    free(text);
}

/* A required or optional string member; a field error when of another type or too long. */
static const char *str_field(json_t *body, const char *name, int required, size_t max, struct perr *e)
{
    json_t *v = json_object_get(body, name);
    if (!v) {
        if (required)
            perr_field(e, name, "is required");
        return NULL;
    }
    const char *s = json_string_value(v);
    if (!s || !*s || strlen(s) > max) {
        perr_field(e, name, "must be a string of 1 to %zu characters", max);
        return NULL;
    }
    return s;
}

int chat_bot_send(struct db *db, const char *client_id, json_t *body, json_t **out, struct perr *e)
{
    struct app a;
    enum app_env env;
    int found = app_by_client_id(db, client_id, &a, &env);
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app failed.");
    if (!found || a.type != APP_CHATBOT) {
        perr_set(e, PERR_INVALID, "Only a Chatbot app's token can send chatbot messages.");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    char bot[CHAT_JID_MAX];
    chat_bot_jid(client_id, bot);

    const char *robot_jid = str_field(body, "robot_jid", 1, CHAT_JID_MAX - 1, e);
    const char *account_id = str_field(body, "account_id", 1, ID_LEN - 1, e);
    const char *to_jid = str_field(body, "to_jid", 1, CHAT_JID_MAX - 1, e);
    const char *user_jid = str_field(body, "user_jid", a.management == MGMT_USER, CHAT_JID_MAX - 1, e);
    const char *visible = str_field(body, "visible_to_user", 0, ID_LEN - 1, e);
    json_t *markdown = json_object_get(body, "is_markdown_support");
    if (markdown && !json_is_boolean(markdown))
        perr_field(e, "is_markdown_support", "must be true or false");
    json_t *content = json_object_get(body, "content");
    check_content(content, e);
    if (robot_jid && strcmp(robot_jid, bot) != 0)
        perr_field(e, "robot_jid", "is not this app's Bot JID (%s)", bot);
    char local[CHAT_JID_MAX];
    if (to_jid && jid_local(to_jid, local, sizeof local) != 0)
        perr_field(e, "to_jid", strstr(to_jid, CHANNEL_DOMAIN) ? "names a channel: plaza simulates 1:1 chats only"
                                                                : "must be a user's JID (…@xmpp.zoom.us)");
    if (e->nfields)
        return validation_failed(e);

    struct account acc;
    struct perr ignore = {0};
    int serves = account_get(db, account_id, &acc, &ignore) == 0 ? bot_serves(db, &a, env, account_id) : 0;
    if (serves < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app's installs failed.");
    if (!serves) {
        perr_field(e, "account_id", "is not an account where this chatbot is installed");
        return validation_failed(e);
    }
    struct user to, on_behalf, viewer;
    found = user_find_jid(db, account_id, local, &to);
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the user failed.");
    if (!found || (user_jid && user_of_account(db, account_id, user_jid, &on_behalf) != 1) ||
        (visible && user_of_account(db, account_id, visible, &viewer) != 1)) {
        perr_set(e, PERR_INVALID, "User does not belong to this account: %s.", account_id);
        e->zoom_code = ZOOM_USER_NOT_IN_ACCOUNT;
        return -1;
    }

    int64_t now = clock_now_ms();
    char message_id[MESSAGE_ID_MAX], at[96], user_jid_out[CHAT_JID_MAX];
    message_id_new(now, message_id);
    sent_time(now, at);
    if (user_jid)
        api_user_jid(on_behalf.id, user_jid_out);
    else
        snprintf(user_jid_out, sizeof user_jid_out, "%s", to_jid);
    char *content_text = json_dumps(content, JSON_COMPACT);
    if (!content_text)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    struct chat_row m = {message_id, a.id, app_env_name(env), account_id, to.id, "from_bot", bot, to_jid,
                         user_jid_out, visible ? viewer.id : NULL, json_is_true(markdown), content_text, now, 0};
    int rc = chat_store_insert(db, &m);
    free(content_text);
    if (rc != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the message failed.");
    *out = json_pack("{s:s,s:s,s:s,s:s,s:s}", "message_id", message_id, "robot_jid", bot, "sent_time", at, "to_jid",
                     to_jid, "user_jid", user_jid_out);
    return 0;
}

static json_t *row_object(const struct chat_row *m)
{
    char at[96], iso[21];
    int64_t ms = m->sent_at;
    sent_time(ms, at);
    clock_format(ms / 1000, iso);
    const char *direction = m->direction;
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "message_id", m->message_id, "direction",
                          direction, "app_id", m->app_id, "env", m->env, "account_id", m->account_id, "user_id",
                          m->user_id, "robot_jid", m->robot_jid, "to_jid", m->to_jid, "user_jid", m->user_jid);
    if (m->visible_to_user)
        json_object_set_new(o, "visible_to_user", json_string(m->visible_to_user));
    json_t *body = json_loads(m->body, 0, NULL);
    if (strcmp(direction, "from_bot") == 0) {
        /* "text": the card's head and message texts in one line, for people reading a list */
        char text[512] = "";
        size_t used = 0, i;
        json_t *item;
        const char *head = json_string_value(json_object_get(json_object_get(body, "head"), "text"));
        if (head)
            used += (size_t)snprintf(text, sizeof text, "%s", head);
        json_array_foreach(json_object_get(body, "body"), i, item)
        {
            const char *t = json_string_value(json_object_get(item, "text"));
            if (t && used < sizeof text)
                used += (size_t)snprintf(text + used, sizeof text - used, "%s%s", used ? " | " : "", t);
        }
        json_t *summary = json_string(text); /* NULL when the cut fell inside a UTF-8 sequence */
        json_object_set_new(o, "text", summary ? summary : json_string(""));
        json_object_set_new(o, "is_markdown_support", json_boolean(m->is_markdown));
        json_object_set_new(o, "content", body ? body : json_object());
    } else {
        json_object_set(o, "text", json_object_get(body, "cmd"));
        json_decref(body);
    }
    json_object_set_new(o, "sent_time", json_string(at));
    json_object_set_new(o, "sent_at", json_string(iso));
    return o;
}

static void read_back(const struct chat_row *m, void *arg)
{
    *(json_t **)arg = row_object(m);
}

/* Stores a message from a user and the bot_notification it causes. */
struct user_message_tx {
    const struct chat_row *m;
    json_t *payload; /* taken */
    int ran;
};

static int user_message_in_tx(struct db *db, void *arg)
{
    struct user_message_tx *t = arg;
    t->ran = 1;
    int ok = chat_store_insert(db, t->m) == 0;
    json_t *p = t->payload;
    ok = ok && events_emit_bot(db, t->m->account_id, t->m->app_id, t->m->env, json_incref(p)) == 0;
    json_decref(p);
    return ok ? 0 : -1;
}

int chat_user_send(struct db *db, const char *app_id, const struct chat_from_user *msg, json_t **out, struct perr *e)
{
    enum app_env env = msg->env;
    const char *user = msg->user, *text = msg->text;
    struct app_details *d = malloc(sizeof *d);
    if (!d)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    int rc = -1;
    json_t *payload = NULL;
    char *body = NULL;
    if (app_details(db, app_id, d, e) != 0)
        goto out;
    const char *client_id = NULL;
    for (int i = 0; i < d->ncreds; i++)
        if (d->creds[i].env == env)
            client_id = d->creds[i].client_id;
    struct user u;
    int found = user ? user_find(db, user, &u) : 0;
    if (found < 0) {
        perr_set(e, PERR_INTERNAL, "Reading the user failed.");
        goto out;
    }
    if (d->app.type != APP_CHATBOT)
        perr_field(e, "app_id", "is a %s app: only chatbot apps receive chat messages", app_type_name(d->app.type));
    else if (!client_id)
        perr_field(e, "env", "the app has no %s credentials, so no Bot JID there", app_env_name(env));
    if (!found)
        perr_field(e, "user", "is required: a user's id or e-mail");
    if (!text || !*text || strlen(text) > CHAT_TEXT_MAX)
        perr_field(e, "text", "must be a string of 1 to %d bytes", CHAT_TEXT_MAX);
    if (e->nfields)
        goto out;
    int serves = bot_serves(db, &d->app, env, u.account_id);
    if (serves <= 0) {
        if (serves < 0)
            perr_set(e, PERR_INTERNAL, "Reading the app's installs failed.");
        else
            perr_field(e, "user", "belongs to an account where this chatbot is not installed");
        goto out;
    }

    char bot[CHAT_JID_MAX], jid[CHAT_JID_MAX], message_id[MESSAGE_ID_MAX], trigger[32];
    chat_bot_jid(client_id, bot);
    api_user_jid(u.id, jid);
    int64_t now = clock_now_ms();
    message_id_new(now, message_id);
    crypto_token(trigger, sizeof trigger, 16);
    json_t *stored = json_pack("{s:s}", "cmd", text);
    body = stored ? json_dumps(stored, JSON_COMPACT) : NULL;
    json_decref(stored);
    /* Zoom's bot_notification for a direct message: the conversation (toJid) is the user's */
    payload = json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s}", "accountId", u.account_id, "channelName",
                        u.display_name, "cmd", text, "robotJid", bot, "timestamp", (json_int_t)now, "toJid", jid,
                        "triggerId", trigger, "userId", u.id, "userJid", jid, "userName", u.display_name);
    if (!body || !payload) {
        perr_set(e, PERR_INTERNAL, "Out of memory.");
        goto out;
    }
    struct chat_row m = {message_id, d->app.id, app_env_name(env), u.account_id, u.id, "to_bot", bot, bot, jid,
                         NULL, 0, body, now, 0};
    struct user_message_tx t = {&m, payload, 0};
    int sent = db_transaction(db, user_message_in_tx, &t);
    if (t.ran)
        payload = NULL; /* taken */
    if (sent != 0) {
        perr_set(e, PERR_INTERNAL, "%s", t.ran ? "Storing the message failed." : "The store is busy.");
        goto out;
    }
    if (chat_store_get(db, message_id, read_back, out))
        rc = 0;
    else
        perr_set(e, PERR_INTERNAL, "Reading the message back failed.");
out:
    json_decref(payload);
    free(body);
    free(d);
    return rc;
}

/* A page of messages as they are read. */
struct chat_items {
    json_t *items;
    long size;
    int more;
    int64_t last;
};

static int add_message(const struct chat_row *m, void *arg)
{
    struct chat_items *p = arg;
    if ((long)json_array_size(p->items) == p->size) {
        p->more = 1;
        return 1;
    }
    json_array_append_new(p->items, row_object(m));
    p->last = m->seq;
    return 0;
}

int chat_list(struct db *db, const char *app_id, const struct chat_query *query, json_t **out, struct perr *e)
{
    const char *user = query->user, *page_size = query->page_size, *token = query->token;
    struct app a;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    struct user u;
    if (user) {
        int found = user_find(db, user, &u);
        if (found < 0)
            return perr_set(e, PERR_INTERNAL, "Reading the user failed.");
        if (!found)
            return perr_field(e, "user", "is not a known user id or e-mail");
    }
    long size = 30;
    if (page_size) {
        char *end;
        size = strtol(page_size, &end, 10);
        if (!*page_size || *end || size < 1 || size > CHAT_PAGE_MAX)
            return perr_field(e, "page_size", "must be a number from 1 to %d", CHAT_PAGE_MAX);
    }
    long long after = 0;
    if (token && *token) {
        char *end;
        after = strtoll(token, &end, 10);
        if (*end || after < 0 || strlen(token) > 19)
            return perr_field(e, "next_page_token", "is not a token this list gave");
    }
    struct chat_items p = {json_array(), size, 0, 0};
    struct chat_page q = {a.id, user ? u.id : "", (int64_t)after, (int)size + 1};
    if (chat_store_list(db, &q, add_message, &p) != 0) {
        json_decref(p.items);
        return perr_set(e, PERR_INTERNAL, "Listing messages failed.");
    }
    json_t *items = p.items;
    char next[24] = "";
    if (p.more)
        snprintf(next, sizeof next, "%lld", (long long)p.last);
    *out = json_pack("{s:s,s:i,s:s,s:o}", "app_id", a.id, "page_size", (int)size, "next_page_token", next, "messages",
                     items);
    return 0;
}
