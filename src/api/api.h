/* Zoom's REST API v2 resources (zoom-wire §2): who a path's userId names for
 * a given caller, and the objects in Zoom's shapes. Plain structs and jansson
 * values in and out; nothing here knows HTTP. */
#ifndef PLAZA_API_H
#define PLAZA_API_H

#include "core/err.h"
#include "core/zoom_codes.h"
#include "market/market.h"

#include <jansson.h>

/* The caller of a /v2 request, from its verified access token. */
struct api_caller {
    const char *user_id, *account_id, *client_id;
    const char *scopes; /* space-separated */
    int type;           /* enum token_type */
};

/* Resolves a userId path parameter ("me", a user id or an e-mail) to a user
 * of the caller's account. *is_self tells whether it is the caller's own user.
 * Unknown users, and users of other accounts, are 404/1001. */
int api_user_resolve(struct db *db, const struct api_caller *c, const char *user_param, struct user *out,
                     int *is_self, struct perr *e);

/* GET /users/{userId}: the user object, key order as Zoom's (zoom-wire §2.7). */
json_t *api_user_object(const struct user *u);
/* GET /users: a page of the caller's account's users, in id order. */
struct user_list_query {
    const char *status, *role_id, *page_size, *page_number, *next_page_token, *include_fields;
};
int api_user_list(struct db *db, const struct api_caller *c, const struct user_list_query *q, json_t **out,
                  struct perr *e);

/* A user object as JSON text, and whether the user is the caller. */
struct user_body {
    const char *text; /* `len` bytes */
    size_t len;
    int is_self;
};
/* The same object as compact JSON text, from this thread's cache while the
 * user is unchanged (no store access on a hit). out->text stays valid until
 * the thread's next cache call; copy it. */
int api_user_body(struct db *db, const struct api_caller *c, const char *user_param, struct user_body *out,
                  struct perr *e);

/* PATCH /users/{userId} (zoom-wire §2.7): validated against userUpdate. */
int api_user_update(struct db *db, const struct api_caller *c, int admin, struct user *u, json_t *body,
                    struct perr *e);

/* GET/PATCH /users/{userId}/settings (api/user_settings.c); option may be NULL. */
int api_user_settings(struct db *db, const struct user *u, const char *option, json_t **out, struct perr *e);
int api_user_settings_update(struct db *db, const struct api_caller *c, const struct user *u, const char *option,
                             json_t *body, struct perr *e);

/* /users/{userId}/assistants (api/users.c) */
int api_assistants_list(struct db *db, const struct user *u, json_t **out, struct perr *e);
int api_assistants_add(struct db *db, const struct user *u, json_t *body, json_t **out, struct perr *e);
/* assistant_id NULL removes them all. */
int api_assistants_remove(struct db *db, const struct user *u, const char *assistant_id, struct perr *e);

/* GET /users/{userId}/token?type=token|zak&ttl= */
int api_user_token(const struct user *u, const char *type, const char *ttl, json_t **out, struct perr *e);

/* ---- meetings and webinars (api/meetings.c) -------------------------------- */

enum meeting_kind { KIND_MEETING, KIND_WEBINAR };

/* What a domain error needs from the handler: PERR_FORBIDDEN with zoom_code
 * 4711 means "only an :admin scope would allow this" (the handler lists them). */
#define API_NEEDS_ADMIN ZOOM_SCOPE_MISSING

struct meeting {
    int64_t id;
    char uuid[32];
    enum meeting_kind kind;
    char account_id[ID_LEN], host_id[ID_LEN];
    int type;
    char status[12]; /* waiting, started, ended */
    int64_t start_time, created_at, updated_at, deleted_at;
    json_t *doc; /* owned: the stored fields */
};

void meeting_clear(struct meeting *m); /* releases doc */

/* A meeting or webinar as a caller names it in a path: everything the checks
 * before acting on it need, carried together because every meeting,
 * registrant and panelist function makes the same checks. */
struct meeting_ref {
    const struct api_caller *caller;
    int admin; /* an :admin scope: meetings other users host are in reach */
    enum meeting_kind kind;
    const char *id; /* a meeting id (or UUID where allowed); NULL for meeting_create */
};

/* A meeting id or UUID path parameter as it names the object: a UUID starting
 * with '/' or containing '//' arrives double-encoded (zoom-wire §2.1), so one
 * more level of percent-encoding is undone when there is one. */
#define API_UUID_PARAM_MAX 128
/* The meeting number a path's id names, or 0 when it is not one (then it is a UUID). */
int64_t meeting_number(const char *id);
void api_uuid_param(const char *param, char out[API_UUID_PARAM_MAX]);

/* Loads a meeting (id, or a UUID when allow_uuid) the caller may act on:
 * 404/3001 when missing, deleted (unless with_deleted) or in another account;
 * API_NEEDS_ADMIN when hosted by someone else and `admin` is 0. */
int meeting_load(struct db *db, const struct meeting_ref *ref, int with_deleted, struct meeting *m, struct perr *e);

json_t *meeting_object(struct db *db, const struct meeting *m, const struct user *host);

/* For plaza's own use (simulation, control API): a meeting by id or UUID with
 * no caller checks. 1 found, 0 not, -1 error. */
int meeting_find(struct db *db, const char *id, struct meeting *m);
/* Sets the meeting's status (waiting, started, ended) inside the caller's transaction. */
int meeting_set_status(struct db *db, int64_t id, const char *status);

int meeting_create(struct db *db, const struct meeting_ref *ref, const struct user *host, json_t *body, json_t **out,
                   struct perr *e);
int meeting_get(struct db *db, const struct meeting_ref *ref, const char *occurrence_id, char **text, size_t *len,
                struct perr *e);
int meeting_update(struct db *db, const struct meeting_ref *ref, const char *occurrence_id, json_t *body,
                   struct perr *e);
int meeting_delete(struct db *db, const struct meeting_ref *ref, const char *occurrence_id, struct perr *e);
/* {"invitation": the note Zoom's "Copy Invitation" gives} (api/invitation.c). */
int meeting_invitation(struct db *db, const struct meeting_ref *ref, json_t **out, struct perr *e);
/* *end_instance: the meeting is in progress and "end" was asked; sim_status
 * then ends it through the simulation, which owns instances. */
int meeting_status(struct db *db, const struct meeting_ref *ref, json_t *body, int *end_instance, struct perr *e);

struct meeting_list_query {
    const char *type; /* scheduled, live, upcoming, upcoming_meetings, previous_meetings */
    const char *from, *to; /* yyyy-mm-dd or NULL */
    const char *page_size, *page_number, *next_page_token;
    enum meeting_kind kind; /* meetings or webinars */
};

/* The page as JSON text (the caller frees), items copied as stored with each change. */
int meeting_list(struct db *db, const struct user *host, const struct meeting_list_query *q, char **out, size_t *len,
                 struct perr *e);

/* ---- registrants and panelists (api/registrants.c) ------------------------- */

int registrant_create(struct db *db, const struct meeting_ref *ref, const char *occurrence_ids, json_t *body,
                      json_t **out, struct perr *e);

/* A page of a meeting's registrants, as the query string asks for it; any may be NULL. */
struct registrant_list_query {
    const char *status; /* pending, approved (the default) or denied */
    const char *page_size, *page_number, *next_page_token;
};

int registrant_list(struct db *db, const struct meeting_ref *ref, const struct registrant_list_query *q, json_t **out,
                    struct perr *e);
int registrant_status(struct db *db, const struct meeting_ref *ref, json_t *body, struct perr *e);

/* Panelists belong to webinars: `webinar` names one whatever its kind says. */
int panelist_list(struct db *db, const struct meeting_ref *webinar, json_t **out, struct perr *e);
int panelist_add(struct db *db, const struct meeting_ref *webinar, json_t *body, json_t **out, struct perr *e);
/* panelist_id NULL removes every panelist. */
int panelist_remove(struct db *db, const struct meeting_ref *webinar, const char *panelist_id, struct perr *e);

/* ---- cloud recordings (api/recordings.c) ------------------------------------ */

struct recording_participant {
    const char *name, *email;
};

/* A finished instance of a meeting, as much of it as its recording shows. */
struct media_out;
struct recorded_instance {
    const char *uuid;
    int64_t start, end;
    const struct recording_participant *people;
    int npeople;
    /* the rendered files (media/media.h), and each person's own M4A (NULL: none) */
    const struct media_out *media;
    uint8_t *const *person_m4a;
    const size_t *person_len;
};

/* Records a finished meeting instance: the recording, its files with their
 * bytes (instance->media: MP4, M4A, TRANSCRIPT, CHAT when chat lines were sent,
 * and the participants' own M4A where rendered) and the recording.completed
 * event, inside the caller's transaction. */
int recording_create(struct db *db, const struct meeting *m, const struct recorded_instance *instance, struct perr *e);

/* A recording file's bytes for its download_url, to the holder of an OAuth
 * access token (reader: its account, user and scopes) of the host with a
 * user-level recording read scope or of the account with an account-level one,
 * or of the recording's download_token (download_token, when reader is NULL).
 * 0 with out filled (data malloc'ed), or -1: PERR_UNAUTHORIZED for a
 * credential that does not open this file, PERR_NOT_FOUND when a token of the
 * account names no live file. */
struct recording_reader {
    const char *account_id, *user_id, *scopes;
};
struct recording_bytes {
    char content_type[64];
    void *data;
    size_t size;
};
int recording_download(struct db *db, const char *file_id, const struct recording_reader *reader,
                       const char *download_token, struct recording_bytes *out, struct perr *e);

/* The share_url (/rec/share/{token}) and play_url (/rec/play/{fileId}) pages: the
 * recording's live files (or the one file) for a person who has its passcode,
 * with a download token (RECORDING_VIEW_TTL_S) their players fetch the bytes with.
 * -1: PERR_NOT_FOUND (no such recording or live file), PERR_FORBIDDEN (the
 * passcode is missing or wrong), PERR_RATE_LIMITED (too many wrong passcodes
 * in a row, counted per recording as failed sign-ins are); `locked` and the
 * rest but the token are set then. */
#define RECORDING_SHARE_TOKEN_MAX 96
#define RECORDING_VIEW_FILES 16
#define RECORDING_VIEW_TTL_S 3600
void recording_share_token(const char *uuid, char out[RECORDING_SHARE_TOKEN_MAX]);
/* The UUID a share token names when its MAC is right: 0, or -1. */
int recording_share_parse(const char *token, char uuid[32]);
struct recording_view_file {
    char id[40], file_type[16], name[160];
    int participant_audio;
    int64_t size;
};
struct recording_view {
    char uuid[32], topic[512], only[40];
    int64_t start_time, duration;
    int locked;
    struct recording_view_file files[RECORDING_VIEW_FILES];
    int nfiles;
    char token[2048];
};
int recording_view(struct db *db, const char *share_token, const char *file_id, const char *passcode,
                   struct recording_view *out, struct perr *e);

struct recording_list_query {
    const char *from, *to, *page_size, *next_page_token, *trash, *trash_type, *meeting_id;
};

/* One host's recordings, or (host NULL) every recording of the account. */
int recording_list(struct db *db, const char *account_id, const struct user *host,
                   const struct recording_list_query *q, json_t **out, struct perr *e);
struct recording_get_query {
    const char *include_fields; /* "download_access_token" or NULL */
    const char *ttl;            /* the download token's lifetime in seconds, or NULL */
};

/* `meeting` names the recording by its meeting's number (the latest
 * instance) or an instance's UUID; its kind is not read. */
int recording_get(struct db *db, const struct meeting_ref *meeting, const struct recording_get_query *q, json_t **out,
                  struct perr *e);
/* file_id NULL: every file of the recording. action: trash (default) or delete. */
int recording_delete(struct db *db, const struct meeting_ref *meeting, const char *file_id, const char *action,
                     struct perr *e);

/* ---- profile pictures (api/pictures.c) --------------------------------------- */

#define PICTURE_FILE_MAX 48 /* "<32 hex>.png" */

/* Sets the user's profile picture from the bytes of an upload, checked by
 * content (media_inspect_picture: JPG/JPEG or PNG, at most 2 MB); filename
 * may be NULL. The user's pic_url changes and user.updated is emitted, in one
 * transaction. Errors are Zoom's code 120 with the field at fault. c may be
 * NULL (plaza's own API: the user is the operator). */
int picture_set(struct db *db, const struct api_caller *c, const struct user *u, const struct media_upload *file,
                struct perr *e);
/* Removes the picture (no picture is not an error). */
int picture_delete(struct db *db, const struct api_caller *c, const struct user *u, struct perr *e);
/* A picture's bytes: `n` at `data`, of `content_type`. */
struct picture_bytes {
    char content_type[48];
    void *data;
    size_t n;
};
/* The bytes served at pic_url (/p/{userId}/{file}), malloc'd into out->data (the
 * caller frees); 404 unless `file` is the user's current picture. */
int picture_get(struct db *db, const char *user_id, const char *file, struct picture_bytes *out, struct perr *e);

/* ---- chatbot messages (api/chat.c) -------------------------------------------- */

#define CHAT_JID_MAX 96
#define CHAT_TEXT_MAX 4096       /* bytes a user writes to a bot in one message */
#define CHAT_CONTENT_MAX 16384   /* bytes of a bot message's content as compact JSON */
#define CHAT_BODY_ITEMS_MAX 50   /* elements of content.body */
#define CHAT_PAGE_MAX 100        /* messages in one page of a list */

/* A user's chat JID: the id in lower case at xmpp.zoom.us (zoom-wire §2.7). */
void api_user_jid(const char *user_id, char out[CHAT_JID_MAX]);
/* A chatbot's JID for one set of credentials (the Bot JID of the Marketplace's
 * Features page): "v1" and 22 hex digits of SHA-256(client_id), at xmpp.zoom.us. */
void chat_bot_jid(const char *client_id, char out[CHAT_JID_MAX]);

/* POST /v2/im/chat/messages: the chatbot of client_id sends `body`
 * (robot_jid, to_jid, account_id, content, user_jid, visible_to_user,
 * is_markdown_support) to a user of an account where it is installed. The
 * message is stored; *out is Zoom's answer (message_id, robot_jid, sent_time,
 * to_jid, user_jid). */
int chat_bot_send(struct db *db, const char *client_id, json_t *body, json_t **out, struct perr *e);
/* A message a user writes to a chatbot. */
struct chat_from_user {
    enum app_env env; /* whose credentials of the app */
    const char *user; /* id or e-mail */
    const char *text;
};
/* A user writes msg->text to the chatbot app_id (msg->env's credentials): stored, and
 * bot_notification emitted to the app in the same transaction. *out is the
 * stored message as chat_list shows it. */
int chat_user_send(struct db *db, const char *app_id, const struct chat_from_user *msg, json_t **out, struct perr *e);
/* Which chat messages to list, as the request gives them. */
struct chat_query {
    const char *user, *page_size, *token;
};
/* Messages between the app's bot and users, oldest first; user (id or e-mail)
 * may be NULL for all. page_size 1..CHAT_PAGE_MAX, default 30; the token is
 * the previous page's next_page_token. */
int chat_list(struct db *db, const char *app_id, const struct chat_query *query, json_t **out, struct perr *e);

/* The error of a db_transaction that failed without setting one: "The store
 * is busy." when its function never ran, else `failed` (the commit failed).
 * Returns -1. */
int api_tx_error(struct perr *e, int ran, const char *failed);

/* The operator of a change (the token's user), for events. */
void api_operator(struct db *db, const struct api_caller *c, char email[USER_EMAIL_MAX + 1]);

/* Whether rate limits are on for an account, which decides if meeting
 * creates and updates count against the daily allowance: the request
 * pipeline's setting (http/ratelimit.c), named here at start so that api/
 * does not depend on http/. */
void meetings_daily_limit_from(int (*enabled)(const char *account_id));

#endif
