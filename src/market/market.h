/* The Marketplace's domain: apps with their credentials, redirect URLs and
 * scopes, installs (an app authorized by a user or an account), and the
 * lifecycle of review, publishing and sharing; accounts and their users are
 * in market/accounts.h, included here. Plain structs in, plain structs out, a struct perr on
 * failure; nothing here knows HTTP. */
#ifndef PLAZA_MARKET_H
#define PLAZA_MARKET_H

#include "core/crypto.h"
#include "core/err.h"
#include "core/ids.h"
#include "market/accounts.h"
#include "market/app_urls.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* ---- scopes (market/scopes.c) ---------------------------------------------- */

/* The scope catalogue, generated at build time by tools/genscopes.c from the
 * app-scopes guide's tables (spec/app-scopes-guide.tsv), Zoom's OpenAPI files
 * (spec/zoom-meeting-api.*.json) and plaza's own part (spec/scopes-plaza.tsv).
 * Sorted by name (strcmp order). */
enum scope_level { SCOPE_USER, SCOPE_ADMIN };
enum scope_kind { SCOPE_CLASSIC, SCOPE_GRANULAR };

struct scope_op {
    const char *operation; /* Zoom's operationId; "" when no OpenAPI file has the endpoint */
    const char *method;    /* "GET" */
    const char *path;      /* "/v2/users/{userId}" */
    const char *summary;   /* the operation's summary, or "" */
};

struct scope_def {
    const char *name;
    const char *description;  /* the guide's words, else plaza's, else made from the operations or the name */
    const char *words;        /* what the consent page shows */
    enum scope_level level;   /* admin: an :admin or :master part, or only in the guide's account-level table */
    enum scope_kind kind;
    const char *const *sources; /* where the scope is listed; NULL-terminated */
    const char *apis;         /* the guide's "Accessible APIs", or "" */
    const unsigned short *ops; /* indexes into scope_ops */
    size_t nops;
};

extern const struct scope_def scope_catalog[];
extern const size_t scope_catalog_count;
extern const struct scope_op scope_ops[];
extern const size_t scope_ops_count;

const struct scope_def *scope_find(const char *scope); /* NULL when the catalogue does not hold it */
const char *scope_words(const char *scope); /* NULL when plaza does not know the scope */
/* 1 for an account-level scope: the catalogue's level, or (unknown scopes) an ":admin" part. */
int scope_is_admin(const char *scope);
size_t scope_count(void);
const char *scope_name(size_t i);
int scopes_contain(const char *space_separated, const char *scope);

/* Up to `max` known scopes nearest to an unknown one, best first: the names
 * people write for them (zak -> user_zak:read), shared words, then edit
 * distance. Returns how many were written to out. */
size_t scope_suggest(const char *unknown, const char **out, size_t max);
/* "unknown scope 'zak'; did you mean user_zak:read, user:read:zak?" into out. */
void scope_unknown_message(const char *unknown, char *out, size_t size);

/* Checks the scopes an app (or one of its tabs) registers, naming each bad one
 * as scopes[i]: known (with the nearest names), account-level ones only when
 * `admin_allowed`, imchat:bot only when `bot_allowed`, descriptions (NULL: none
 * given) within SCOPE_DESC_MAX, no repeats. */
void scopes_check(const char *const *scopes, const char *const *descriptions, int n, int admin_allowed,
                  int bot_allowed, struct perr *e);

/* 1 when the scope matches a search: every word of `query` (case-insensitive)
 * is in its name, description or an operation's id, path or summary. */
int scope_matches(const struct scope_def *d, const char *query);

/* ---- apps and credentials (market/apps.c) ---------------------------------- */

#define APP_NAME_MAX 80
#define APP_MAX_URLS 20
#define APP_MAX_SCOPES 128
#define SCOPE_MAX 64
#define SCOPE_DESC_MAX 512
#define SCOPES_STR_MAX (APP_MAX_SCOPES * (SCOPE_MAX + 1))
#define SECRET_LEN 33 /* 32 characters and a NUL */
#define SECRET_SEALED_MAX 256 /* hex of nonce, MAC and a secret of up to 87 bytes, sealed (crypto_seal) */

enum app_type { APP_OAUTH, APP_S2S, APP_WEBHOOK, APP_CHATBOT };
enum app_mgmt { MGMT_USER, MGMT_ADMIN };
enum app_env { ENV_DEVELOPMENT, ENV_PRODUCTION };

const char *app_type_name(enum app_type t);
const char *app_mgmt_name(enum app_mgmt m);
const char *app_env_name(enum app_env e);
int app_env_parse(const char *s, enum app_env *out);

struct app {
    char id[ID_LEN], account_id[ID_LEN];
    char name[APP_NAME_MAX + 1];
    enum app_type type;
    enum app_mgmt management;
    char status[16];
    int published;
    int strict_mode, subdomain_check;
    int64_t created_at, updated_at;
    int version, live_version; /* the version being worked on; the published one (0 before) */
};

struct credential {
    enum app_env env;
    char client_id[ID_LEN];
    int64_t created_at, rotated_at; /* rotated_at 0 when never */
};

struct app_scope {
    char scope[SCOPE_MAX + 1];
    char description[SCOPE_DESC_MAX + 1];
};

struct app_urls {
    char redirect_url[URL_MAX + 1]; /* "" when none */
    int nallow;
    char allow[APP_MAX_URLS][URL_MAX + 1];
};

/* Everything the control API shows of an app. Large: allocate it. */
struct app_details {
    struct app app;
    int ncreds;
    struct credential creds[2];
    struct app_urls urls[2]; /* by enum app_env */
    int nscopes;
    struct app_scope scopes[APP_MAX_SCOPES];
};

/* An app's new or changed settings. NULL / -1 / has_* = 0 mean "not given". */
struct app_input {
    const char *account_id, *name, *type, *management;
    const char *redirect_url; /* development */
    int has_allow_list, nallow;
    const char *allow_list[APP_MAX_URLS];
    int has_scopes, nscopes;
    const char *scopes[APP_MAX_SCOPES];
    const char *scope_descriptions[APP_MAX_SCOPES]; /* NULL = keep or none */
    int strict_mode, subdomain_check;               /* -1 = not given */
    const char *created_by;                         /* create: the signed-in user who creates it, or NULL */
};

/* Creates the app with development credentials; the secret is returned once. */
int app_create(struct db *db, const struct app_input *in, struct app_details *out, char secret[SECRET_LEN],
               struct perr *e);
int app_update(struct db *db, const char *id, const struct app_input *in, struct app_details *out, struct perr *e);
int app_get(struct db *db, const char *id, struct app *out, struct perr *e);
int app_details(struct db *db, const char *id, struct app_details *out, struct perr *e);
/* Which apps app_list returns: NULL is any. */
struct app_filter {
    const char *account_id;
    const char *status; /* a review state */
    const char *after;  /* apps with ids after this one */
};
/* Apps in id order, at most `max`. */
int app_list(struct db *db, const struct app_filter *f, struct app *out, int max, int *n, struct perr *e);
int app_delete(struct db *db, const char *id, struct perr *e);
/* New secret for the environment's credentials; the old one stops working. */
int app_rotate_secret(struct db *db, const char *id, enum app_env env, char secret[SECRET_LEN], struct credential *out,
                      struct perr *e);
/* Sets a known secret: only for seeded demo apps, whose secret is derived
 * from the store's key so that it survives restarts. */
int app_set_secret(struct db *db, const char *id, enum app_env env, const char *secret, struct perr *e);

/* The app and environment of a client id. 1 found, 0 not, -1 error. */
int app_by_client_id(struct db *db, const char *client_id, struct app *out, enum app_env *env);
/* 1 when `secret` is the client id's current secret (keyed hash, constant time). */
int app_check_secret(struct db *db, const char *client_id, const char *secret);
/* 1 when redirect_uri is allowed for the app in env (market/app_urls.h rules). */
int app_redirect_allowed(struct db *db, const struct app *app, enum app_env env, const char *redirect_uri);
/* The app's redirect URL for env, or "" (out holds URL_MAX + 1). */
int app_redirect_url(struct db *db, const struct app *app, enum app_env env, char *out);
/* The app's registered scopes, space-separated (out holds SCOPES_STR_MAX). */
int app_scopes(struct db *db, const char *app_id, char *out, size_t size);

/* ---- installs (market/installs.c) ------------------------------------------ */

/* An install: an app authorized for one user (user-managed) or for a whole
 * account (admin-managed, Server-to-Server, chatbot). Its generation number
 * lives in memory too: bumping it kills every access token minted before. */
struct install {
    int64_t id;
    char app_id[ID_LEN], account_id[ID_LEN], user_id[ID_LEN], installed_by[ID_LEN];
    enum app_env env;
    char scopes[SCOPES_STR_MAX];
    uint32_t generation;
    int64_t created_at, updated_at, revoked_at; /* revoked_at 0 while active */
};

#define INSTALL_DEAD UINT32_MAX /* generation of an install that no longer exists */

/* Loads every install's generation into memory (at start). */
int installs_load(struct db *db);
void installs_free(void);
/* The current generation of an install, INSTALL_DEAD when unknown or revoked. O(1), no store access. */
uint32_t install_generation(int64_t install_id);
/* Whether a token of `generation` for the install is current. From memory;
 * the store is read only for an install this node has not heard of, or when
 * the token is newer than what it knows (an install made or re-authorized on
 * another node sharing the store). */
int install_token_current(struct db *db, int64_t install_id, uint32_t generation);
/* Keeps install generations in step with other nodes (core/sync.h). */
int installs_sync_subscribe(void);

/* An install as an approval asks for it: whose credentials, in which account,
 * for which user ("" = account-wide), approved by whom, with which scopes. */
struct install_request {
    const char *app_id;
    enum app_env env;
    const char *account_id, *user_id, *installed_by, *scopes;
};

/* Creates or re-activates the install with the request's scopes. */
int install_upsert(struct db *db, const struct install_request *req, struct install *out, struct perr *e);
/* 1 found (active or not), 0 not, -1 error. */
int install_find(struct db *db, const char *app_id, enum app_env env, const char *account_id, const char *user_id,
                 struct install *out);
int install_get(struct db *db, int64_t id, struct install *out);
/* Next generation: tokens minted before stop working. Within the caller's transaction;
 * after commit, publish the new state (install_publish, or _revoked when *revoked). */
int install_bump(struct db *db, int64_t id, uint32_t *generation, int *revoked);
/* The apps serving the account: its developers' own apps and the apps
 * installed on it (active installs), each once: fn with each id, in order,
 * until it returns non-zero. 0, or -1 when the store failed. */
int market_apps_serving(struct db *db, const char *account_id, int (*fn)(const char *app_id, void *arg), void *arg);
/* Marks the install revoked (and moves its generation). Same transaction rule;
 * its refresh tokens are oauth/'s to revoke. */
int install_revoke(struct db *db, int64_t id, uint32_t *generation);
/* Makes committed changes visible to token checks. The table keeps the newest
 * generation it was given, whatever order publishers come in. */
void install_publish(int64_t id, uint32_t generation);
void install_publish_revoked(int64_t id, uint32_t generation);
void install_publish_deleted(int64_t id);
/* Which installs install_list returns: NULL is any; user_id matches the installer too. */
struct install_filter {
    const char *app_id, *account_id, *user_id;
    int64_t after; /* ids after this one */
};
/* At most `max` installs in id order. */
int install_list(struct db *db, const struct install_filter *f, struct install *out, int max, int *n);
/* Every install of an account or app is dead in memory (after deleting them). */
int installs_forget(struct db *db, const char *account_id, const char *app_id);

/* ==== the Marketplace lifecycle ==============================================
 * Sections of an app, the submission checklist, review states and versions,
 * listing media, domain verification, Publishable URLs, private sharing and
 * install rules (docs/marketplace.md). */

#define MARKET_NOTES_MAX 2000
#define MARKET_SHARE_DAYS_DEFAULT 30

/* 1 when `s` has the shape of an e-mail address (the rule users follow). */
int user_email_valid(const char *s);

/* Who acts on the control API: a plaza user (by id or e-mail) or, when none
 * is named, the operator holding the admin key. */
struct market_actor {
    int is_operator;
    struct user user;
};
/* Resolves `id_or_email` (NULL: the operator); a field error on `field` when unknown. */
int market_actor_resolve(struct db *db, const char *id_or_email, const char *field, struct market_actor *out,
                         struct perr *e);
const char *market_actor_id(const struct market_actor *a); /* "operator" or the user's id */

/* ---- review states (market/states.c: pure) ---------------------------------- */

enum app_state {
    APP_DRAFT, APP_SUBMITTED, APP_IN_REVIEW, APP_APPROVED, APP_PUBLISHED, APP_REJECTED, APP_WITHDRAWN,
    APP_STATE_COUNT
};
enum app_event { APP_EV_SUBMIT, APP_EV_START_REVIEW, APP_EV_APPROVE, APP_EV_REJECT, APP_EV_WITHDRAW, APP_EV_PUBLISH,
                 APP_EV_EDIT, APP_EVENT_COUNT };

const char *app_state_name(enum app_state s);
int app_state_parse(const char *s, enum app_state *out);
const char *app_event_name(enum app_event ev);
/* The state `ev` leads to from `from`, or -1 when it is not allowed there. */
int app_state_next(enum app_state from, enum app_event ev);
/* The events allowed from `from`, as "submit, withdraw" (for error messages). */
void app_state_allowed(enum app_state from, char *out, size_t size);

/* ---- sections (market/sections.c) ------------------------------------------- */

/* Section names, in the order the Submit page shows them. */
#define SECTION_BASIC "basic_information"
#define SECTION_LISTING "app_listing"
#define SECTION_FEATURES "features"
#define SECTION_SCOPES "scopes"
#define SECTION_TECHNICAL "technical_design"
#define SECTION_SUBMISSION "submission"

/* The app's section document ({"app_listing": {...}, ...}), new reference. */
int sections_get(struct db *db, const char *app_id, json_t **out, struct perr *e);
/* Merges `patch` ({section: {field: value or null}}) after checking every
 * field; refused as a whole when one is wrong. Counts as an edit. */
int sections_update(struct db *db, const char *app_id, json_t *patch, json_t **out, struct perr *e);
/* Validates a patch against the field table without storing (for tests). */
int sections_validate(json_t *patch, enum app_type type, struct perr *e);
/* The string at section.field of a document, or NULL. */
const char *sections_str(json_t *doc, const char *section, const char *field);

/* The production side's URLs as a request sets them: NULL redirect_url
 * keeps the current one; the allow list changes only when has_allow_list. */
struct production_urls {
    const char *redirect_url;
    int has_allow_list;
    const char *const *allow_list;
    int nallow;
};

/* Production side: redirect URL and allow list; reserves the production
 * client id on first use (*created = 1 then). Its secret is issued with
 * app_rotate_secret once the app is approved (tabs.c: app_credential_state). */
int app_configure_production(struct db *db, const char *app_id, const struct production_urls *urls,
                             struct app_details *out, int *created, struct perr *e);

/* ---- the Development and Production tabs (market/tabs.c) -------------------- */

/* One tab: its Embed features and its scopes with their descriptions. Large: allocate it. */
struct app_tab {
    enum app_env env;
    int meeting_sdk, device_oauth;
    int nscopes;
    struct app_scope scopes[APP_MAX_SCOPES];
};
#define TAB_DESCRIBE_MAX 32
struct app_tab_input {
    int meeting_sdk, device_oauth; /* -1: not given */
    int has_scopes, nscopes;       /* replaces the tab's scopes */
    const char *scopes[APP_MAX_SCOPES];
    const char *descriptions[APP_MAX_SCOPES]; /* NULL: keep the one the scope had, or none */
    int ndescribe;                            /* descriptions of scopes already on the tab */
    const char *describe_scope[TAB_DESCRIBE_MAX], *describe_text[TAB_DESCRIBE_MAX];
    int from_development; /* Production: take the Development tab's scopes and Meeting SDK setting */
};
int app_tab_get(struct db *db, const char *app_id, enum app_env env, struct app_tab *out, struct perr *e);
/* Development: the app's scopes (app_update) and features section; Production:
 * its own document. Checked as the app's scopes are; an edit. */
int app_tab_update(struct db *db, const char *app_id, enum app_env env, const struct app_tab_input *in,
                   struct app_tab *out, struct perr *e);
/* The scopes registered on the environment's tab, space-separated (out holds SCOPES_STR_MAX). */
int app_env_scopes(struct db *db, const char *app_id, enum app_env env, char *out, size_t size);
/* 1 when a version of the app was ever approved (production credentials are released), 0 not, -1 error. */
int app_ever_approved(struct db *db, const char *app_id);
struct credential_state {
    int exists;        /* the credentials were created */
    int released;      /* shown and usable: development always, production once the app was approved */
    int secret_issued; /* a secret exists (production's is issued after approval) */
};
int app_credential_state(struct db *db, const char *app_id, enum app_env env, struct credential_state *out);

/* ---- Meeting SDK keys (market/sdk_keys.c) ------------------------------------ */

/* What the Meeting SDK join needs to know of an sdkKey (a client id). */
struct sdk_key {
    struct app app;
    enum app_env env;
    int meeting_sdk; /* the environment's tab has Embed -> Meeting SDK on */
    int released;    /* usable: development always, production once the app was approved */
    int has_secret;  /* the secret could be unsealed (0: made before secrets were sealed, or none issued) */
    char secret[SECRET_SEALED_MAX];
};
/* 1 found (out filled), 0 no app has this client id, -1 error. Wipe out->secret with sdk_key_clear. */
int sdk_key_find(struct db *db, const char *client_id, struct sdk_key *out);
void sdk_key_clear(struct sdk_key *k);

/* ---- listing media (market/media.c) ----------------------------------------- */

enum media_kind { MEDIA_PREVIEW, MEDIA_VIDEO, MEDIA_ARCHITECTURE, MEDIA_SECURITY_DOC, MEDIA_SAST_EVIDENCE,
                  MEDIA_DOCUMENT, MEDIA_KIND_COUNT };

#define MEDIA_PREVIEW_WIDTH 1200
#define MEDIA_PREVIEW_HEIGHT 780
#define MEDIA_PREVIEW_MAX_BYTES (5u << 20)
#define MEDIA_PREVIEWS_MAX 6
#define MEDIA_VIDEO_MAX_BYTES (10u << 20)
#define MEDIA_DIAGRAM_MAX_BYTES (5u << 20) /* strictly less than */
#define MEDIA_DOCUMENT_MAX_BYTES (10u << 20)
#define MEDIA_DOCUMENTS_MAX 10
#define MEDIA_UPLOAD_MAX_BODY (10u << 20) /* the upload route's body bound: the largest file (video, document) */
#define MEDIA_FILENAME_MAX 128

const char *media_kind_name(enum media_kind k);
int media_kind_parse(const char *s, enum media_kind *out);

struct media_info {
    char content_type[48]; /* what the bytes are, by content */
    int width, height;     /* images; 0 otherwise */
};
/* Checks an upload of `kind` by its content (libmagic, stb_image and a walk
 * of the container to catch truncation): type allowed for the kind, name
 * matching the type, dimensions and size bounds. Field errors name
 * "file", "filename" or "size". Pure apart from reading libmagic's database. */
int media_inspect(enum media_kind kind, const char *filename, const void *data, size_t n, struct media_info *out,
                  struct perr *e);
/* A user's profile picture (Zoom's userPicture rules): JPG/JPEG or PNG by
 * content, at most MEDIA_PICTURE_MAX_BYTES; the name's extension, when a
 * name is given, must match the content. Same checks and field names. */
#define MEDIA_PICTURE_MAX_BYTES (2u << 20)
int media_inspect_picture(const char *filename, const void *data, size_t n, struct media_info *out, struct perr *e);

struct media {
    char id[ID_LEN], app_id[ID_LEN];
    enum media_kind kind;
    char filename[MEDIA_FILENAME_MAX + 1];
    char content_type[48];
    int width, height;
    int64_t size, created_at;
    char sha256[CRYPTO_HASH_HEX];
};
#define MEDIA_LIST_MAX (MEDIA_PREVIEWS_MAX + MEDIA_DOCUMENTS_MAX + 4)

/* An uploaded file as it arrived: the name it was sent with and its bytes
 * (borrowed from the request; nothing keeps them past the call). */
struct media_upload {
    const char *filename;
    const void *data;
    size_t n;
};

/* Stores an upload (video, diagram and the two answers' documents replace
 * the one before). Counts as an edit. */
int media_add(struct db *db, const char *app_id, enum media_kind kind, const struct media_upload *file,
              struct media *out, struct perr *e);
int media_list(struct db *db, const char *app_id, struct media *out, int max, int *n, struct perr *e);
/* The bytes of a media item: `n` at `data`. */
struct media_bytes {
    void *data;
    size_t n;
};
/* The bytes of one item, malloc'd into bytes->data (the caller frees). */
int media_get(struct db *db, const char *app_id, const char *media_id, struct media *out, struct media_bytes *bytes,
              struct perr *e);
int media_delete(struct db *db, const char *app_id, const char *media_id, struct perr *e);
/* Replaces one item by a new upload of the same kind (checked like an
 * upload), in its place in the list; the new item has a new id. An edit. */
int media_replace(struct db *db, const char *app_id, const char *media_id, const struct media_upload *file,
                  struct media *out, struct perr *e);

/* ---- the public directory (market/directory.c) ------------------------------ */

/* A published app as anyone may see it: its listing (the sections' app_listing),
 * the live version's scopes with what they allow and why the app asks, the
 * listing's public media (preview images, the video) and the production
 * credentials' client id and redirect URL (what the "Add" button authorizes
 * with). Large: allocate it; directory_entry_clear frees what it holds. */
struct directory_entry {
    struct app app;
    json_t *listing; /* the app_listing section (an object), a reference of its own */
    int version;     /* the live one */
    char scopes[SCOPES_STR_MAX];
    struct app_tab *production; /* the Production tab: each scope's purpose (heap) */
    int nmedia;
    struct media media[MEDIA_PREVIEWS_MAX + 1];
    char client_id[ID_LEN]; /* production; "" when it has none */
    char redirect_url[URL_MAX + 1];
};
void directory_entry_clear(struct directory_entry *d);
/* The published app: 404 for any other (a draft never published, approved
 * but not published, deleted). */
int directory_get(struct db *db, const char *app_id, struct directory_entry *out, struct perr *e);

#define DIRECTORY_QUERY_MAX 100
/* A page of the directory: published apps whose name or listing texts
 * contain `q` (any case; NULL or "": all), by id after `after`. */
struct directory_page {
    const char *q, *after;
    int max;
    char (*ids)[ID_LEN]; /* max slots */
    int n;
    int more; /* another app matches after the last one */
};
int directory_list(struct db *db, struct directory_page *page, struct perr *e);
/* The bytes of a public media item of a published app's listing (preview
 * images, the video), like media_get; 404 for any other item. */
int directory_media(struct db *db, const char *app_id, const char *media_id, struct media *out,
                    struct media_bytes *bytes, struct perr *e);

/* ---- domain verification (market/domains.c) --------------------------------- */

#define DOMAINS_MAX 32
#define DOMAIN_ORIGIN_MAX 300
#define DOMAIN_VERIFY_TIMEOUT_MS 3000 /* all fetches together */
#define DOMAIN_FILE_MAX 1024          /* bytes of verifyzoom.html read */

struct app_domain {
    char origin[DOMAIN_ORIGIN_MAX + 1]; /* scheme://host[:port] */
    char used_by[64];                   /* the first field that uses it */
    int verified;
    char method[8]; /* "fetch" or "manual" when verified */
    int64_t verified_at, checked_at;
    char last_error[160];
};

/* An app's origins as read: `max` slots at `items`, the first `n` filled. */
struct app_domains {
    struct app_domain *items;
    int max;
    int n;
};

/* Where an app's webhook endpoint URLs come from, for domain verification:
 * events/ owns them and is named here at start (events_subscription_urls),
 * so that market/ does not depend on events/. */
typedef void domains_url_fn(const char *url, void *arg);
typedef int domains_url_source(struct db *db, const char *app_id, domains_url_fn *fn, void *arg);
void domains_webhook_urls_from(domains_url_source *source);
/* Every origin the app's URLs use, with its state, and the app's verification code (48 bytes). */
int domains_list(struct db *db, const char *app_id, struct app_domains *list, char code[48], struct perr *e);
/* Fetches <origin>/verifyzoom.html for every unverified origin (or only
 * `origin`) in parallel, DOMAIN_VERIFY_TIMEOUT_MS in all, and compares it with
 * the code; `manual` marks it verified without a fetch (the operator's call). */
struct domain_check {
    const char *origin; /* NULL: every unverified origin */
    int manual;         /* mark `origin` verified without a fetch */
};
int domains_verify(struct db *db, const char *app_id, const struct domain_check *check, struct app_domains *list,
                   struct perr *e);

/* ---- versions, transitions and review (market/review.c, versions.c) --------- */

struct app_transition {
    int64_t id;
    int version;
    char from[16], to[16];
    char actor_kind[12]; /* developer, reviewer, operator */
    char actor_id[ID_LEN + 8];
    char actor_email[USER_EMAIL_MAX + 1]; /* "" for the operator, or a user since deleted */
    char notes[MARKET_NOTES_MAX + 1];
    char sections[4096]; /* JSON object of per-section reasons, "" when none */
    int64_t at;
};

struct app_version {
    int version;
    char status[16];
    char scopes[SCOPES_STR_MAX];
    int64_t created_at, submitted_at, decided_at, published_at; /* 0 when not yet */
};

#define REVIEW_SECTIONS_MAX 8
struct app_review {
    const char *decision; /* start, approve, reject */
    const char *notes;
    const char *reviewer; /* user id or e-mail with the reviewer role; NULL: the operator */
    int nsections;
    const char *section[REVIEW_SECTIONS_MAX], *reason[REVIEW_SECTIONS_MAX];
};

/* A developer's step in the app's life (submit, withdraw, publish): who takes
 * it and the notes the history keeps with it (either may be NULL). */
struct app_step {
    const char *actor, *notes;
};

struct checklist;
/* What a submission was checked against: `list` (the caller's) says what is missing, not_ready = 1 when that
 * refused it. */
struct submit_check {
    struct checklist *list;
    int not_ready;
};
/* Submits (or resubmits) the app's current version. When the checklist is
 * not ready, nothing changes: check->not_ready = 1, check->list says what is missing. */
int app_submit(struct db *db, const char *app_id, const struct app_step *step, struct app *out,
               struct submit_check *check, struct perr *e);
int app_withdraw(struct db *db, const char *app_id, const struct app_step *step, struct app *out, struct perr *e);
int app_review(struct db *db, const char *app_id, const struct app_review *in, struct app *out, struct perr *e);
int app_publish(struct db *db, const char *app_id, const struct app_step *step, struct app *out, struct perr *e);
int app_history(struct db *db, const char *app_id, struct app_transition *out, int max, int *n, struct perr *e);
/* The newest review decision (to approved or rejected) of the app: 1 and
 * `out`, 0 when none, -1 on a store error. What the developer is told. */
int app_last_decision(struct db *db, const char *app_id, struct app_transition *out);
int app_versions(struct db *db, const char *app_id, struct app_version *out, int max, int *n, struct perr *e);
/* The app's live (published) version and its scopes; 0 when never published. */
int app_live_version(struct db *db, const char *app_id, char *scopes, size_t size);
int app_current_version(struct db *db, const char *app_id);

/* Edits: app_edit_check refuses them while the app is submitted, in review
 * or approved; app_edit_done (inside the edit's transaction, after it) opens
 * a new version when the app was published and invalidates a Publishable
 * URL whose app changed. */
int app_edit_check(struct db *db, const struct app *a, struct perr *e);
int app_edit_done(struct db *db, const struct app *before);

/* Optimistic concurrency: every change to an app or its parts moves its
 * revision on (http/revision.c claims it before the change runs). The app's revision, 0 when there is no such app, -1 on a
 * store error. */
int64_t app_revision(struct db *db, const char *app_id);
/* Before a change: moves the revision on when `expected` is
 * 0 (the caller read nothing) or the current revision. 1 with *revision the
 * new one; 0 when stale, *revision the current one (0: no such app); -1 on a
 * store error. */
int app_revision_claim(struct db *db, const char *app_id, int64_t expected, int64_t *revision);
/* Gives back a claimed revision whose change failed, unless another change has claimed one since. */
void app_revision_release(struct db *db, const char *app_id, int64_t revision);

/* ---- the Marketplace permissions role (market/permissions.c) ---------------- */

/* 1 when `u` may create and manage the apps of `account_id`: an owner or
 * admin of it, or a member granted the Marketplace permissions role. */
int market_may_manage_apps(struct db *db, const char *account_id, const struct user *u);
/* The same for one app, which the member who created it also manages. */
int market_may_manage_app(struct db *db, const struct app *a, const struct user *u);
/* Who created the app: 1 with the user's id, 0 when the operator did, -1 failed. */
int app_creator(struct db *db, const char *app_id, char out[ID_LEN]);
/* The 403 for a user who may not (names `field`); returns -1. */
int market_refuse_manage(const char *account_id, const struct user *u, const char *field, struct perr *e);
/* Granted and revoked by the operator or an owner or admin of the account (`actor`), to its members. */
int market_permission_grant(struct db *db, const char *account_id, const char *user, const char *actor,
                            struct user *out, struct perr *e);
int market_permission_revoke(struct db *db, const char *account_id, const char *user, const char *actor,
                             struct perr *e);
int market_permission_list(struct db *db, const char *account_id, struct user *out, int max, int *n, struct perr *e);

/* Roles across plaza, held by users of any account: a reviewer reviews other
 * accounts' apps; an operator may do what the admin key does. */
int plaza_role_add(struct db *db, enum plaza_role role, const char *user, struct user *out, struct perr *e);
int plaza_role_remove(struct db *db, enum plaza_role role, const char *user, struct perr *e);
int plaza_role_list(struct db *db, enum plaza_role role, struct user *out, int max, int *n, struct perr *e);
int plaza_role_is(struct db *db, enum plaza_role role, const char *user_id);

/* ---- the checklist (market/checklist.c) ------------------------------------- */

enum checklist_section { CHECK_BASIC, CHECK_LISTING, CHECK_FEATURES, CHECK_SCOPES, CHECK_TECHNICAL, CHECK_SUBMISSION,
                         CHECK_LINK, CHECK_SECTION_COUNT };
#define CHECK_ITEMS_MAX 24

struct checklist_item {
    char field[80];
    char message[200];
};
struct checklist_section_state {
    const char *name;
    int required; /* 0: shown, but does not hold submission back */
    int ready;
    int nitems;
    struct checklist_item items[CHECK_ITEMS_MAX];
};
struct checklist {
    int ready;
    int security_review; /* broad scopes: the review includes a security review */
    struct checklist_section_state sections[CHECK_SECTION_COUNT];
};

/* What the checklist looks at, gathered from the store. */
struct checklist_input {
    const struct app_details *app;
    const struct app_tab *production; /* the tab the checklist judges (scopes, Embed features) */
    json_t *sections; /* the section document (borrowed) */
    int media[MEDIA_KIND_COUNT];
    int ndomains;
    const struct app_domain *domains;
    int has_link, link_valid;
    const char *link_reason;
};
/* Pure: every section's state and the exact missing or invalid fields. */
void checklist_build(const struct checklist_input *in, struct checklist *out);
int app_checklist(struct db *db, const char *app_id, struct checklist *out, struct perr *e);
/* 1 when `scope` makes the app go through a security review (:admin writes, chat history). */
int scope_is_broad(const char *scope);

/* ---- Publishable URLs (market/links.c) -------------------------------------- */

#define LINK_TOKEN_LEN 33
struct app_link {
    char token[LINK_TOKEN_LEN];
    enum app_env env;
    char url[URL_MAX + 1];
    int valid;                /* 0 once an edit made it stale: it installs nobody */
    char state[20];           /* active, stale, sharing_expired */
    char reason[200];         /* why it stopped working (stale, sharing_expired) */
    char audience[200];       /* who it installs now, in words */
    int64_t created_at, invalidated_at, sharing_expired_at;
};
/* Makes a new Publishable URL (env -1: production once published, else
 * development). The link it replaces, if any, is in replaced->link with
 * replaced->had = 1: every copy of it already shared stops working. */
struct link_replaced {
    int had; /* 0: the app had no link */
    struct app_link link;
};
int link_create(struct db *db, const char *app_id, int env, struct app_link *out, struct link_replaced *replaced,
                struct perr *e);
/* 1 and `out` (with its state) when the app has one, 0 when not, -1 on a store error. */
int link_get(struct db *db, const char *app_id, struct app_link *out);
int link_recheck(struct db *db, const char *app_id);

/* ---- private sharing (market/sharing.c) ------------------------------------- */

struct share_request {
    char id[ID_LEN], app_id[ID_LEN];
    char status[12]; /* pending, approved, denied */
    int will_publish, customers, duration_days, valid_days;
    char customer_type[64];
    char reason[MARKET_NOTES_MAX + 1];
    char requested_by[ID_LEN + 8];
    char decision_notes[MARKET_NOTES_MAX + 1];
    int64_t requested_at, decided_at, expires_at; /* 0 when not yet */
};
struct share_request_new {
    int will_publish; /* -1 not given */
    int customers;    /* -1 not given */
    const char *customer_type, *reason, *actor;
    int duration_days; /* -1 not given */
};
struct market_settings {
    int accept_share_requests;
    int share_days;
};
int share_request_create(struct db *db, const char *app_id, const struct share_request_new *in,
                         struct share_request *out, struct perr *e);
/* The operator's answer to a sharing request. */
struct share_decision {
    int approve;
    int days; /* of sharing when approved; 0 = the default (market settings) */
    const char *notes;
};
int share_request_decide(struct db *db, const char *request_id, const struct share_decision *d,
                         struct share_request *out, struct perr *e);
/* Which sharing requests to list: of an app, in a status (NULL: any). */
struct share_request_filter {
    const char *app_id, *status;
};
int share_request_list(struct db *db, const struct share_request_filter *f, struct share_request *out, int max,
                       int *n, struct perr *e);
/* The end of the app's sharing window (newest approval), 0 when never shared. */
int64_t share_expires_at(struct db *db, const char *app_id);
int market_settings_get(struct db *db, struct market_settings *out);
int market_settings_update(struct db *db, int accept, int share_days, struct market_settings *out, struct perr *e);

/* ---- install rules, pre-approval, removal (market/rules.c) ------------------ */

/* Whether `u` may install the app through `env`'s credentials: outside the
 * developer's account only a published app (production) or a shared one
 * (development, within its window or for accounts that installed it then);
 * members of accounts that require pre-approval only pre-approved apps; a
 * stale Publishable URL (`link`, may be NULL) installs nobody. */
int market_may_install(struct db *db, const struct app *app, enum app_env env, const struct user *u,
                       const char *link, struct perr *e);
/* An install about to be made: of which app, in which environment, by whom. */
struct install_attempt {
    const struct app *app;
    enum app_env env;
    const struct user *u;
};
/* The scopes the install `i` gets of `wanted`: outside the developer's
 * account a published app grants only its live version's scopes. */
int market_install_scopes(struct db *db, const struct install_attempt *i, const char *wanted, char *out,
                          size_t size);
/* Records the version and the way (own, shared, published) of an install, in its transaction. */
int market_install_note(struct db *db, int64_t install_id, const struct app *app, enum app_env env,
                        const struct user *u);

struct app_policy {
    int require_preapproval;
    int npreapproved;
};
int app_policy_get(struct db *db, const char *account_id, struct app_policy *out, struct perr *e);
int app_policy_set(struct db *db, const char *account_id, int require, const char *actor, struct app_policy *out,
                   struct perr *e);
int preapproval_add(struct db *db, const char *account_id, const char *app_id, const char *actor, struct perr *e);
int preapproval_remove(struct db *db, const char *account_id, const char *app_id, const char *actor, struct perr *e);
int preapproval_list(struct db *db, const char *account_id, char (*app_ids)[ID_LEN], int max, int *n, struct perr *e);

struct market_install {
    struct install ins;
    int app_version;
    char via[12]; /* own, shared, published */
    int reauthorization_required;
};
int market_installs(struct db *db, const char *app_id, struct market_install *out, int max, int *n, struct perr *e);
/* "Remove app": finds the user's own install, or the account's for an
 * admin-managed app (owner or admin only), in *install_id; the caller removes
 * it (oauth_uninstall: tokens die, app_deauthorized is sent). */
int market_uninstall(struct db *db, const char *app_id, const char *user, enum app_env env, int64_t *install_id,
                     struct perr *e);

/* ---- notifications (market/notify.c; docs/marketplace.md, Notifications) ---- */

/* The kinds of notice, as stored and shown. */
#define NOTICE_SUBMITTED "submission_received"
#define NOTICE_APPROVED "app_approved"
#define NOTICE_REJECTED "app_rejected"
#define NOTICE_SHARING_APPROVED "sharing_approved"
#define NOTICE_SHARING_DENIED "sharing_denied"
#define NOTICE_APP_REMOVED "app_removed"

/* Each records a notice in the mailbox for its recipients, inside the
 * caller's transaction (queued for SMTP when plaza sends mail, else
 * not_sent): 0, or -1 when the store failed. A user named by id who belongs
 * to the app's account is told; "operator" (or a user since gone) means the
 * account's owner and admins. */
/* Version `version` of the app was submitted by actor_id. */
int notify_submitted(struct db *db, const struct app *a, int version, const char *actor_id);
/* A reviewer's decision, told to whoever submitted the version. */
struct notice_decision {
    const struct app *app;
    int version, approved;
    const char *notes, *sections; /* sections: the rejection's reasons, a JSON object; NULL when none */
};
int notify_review(struct db *db, const struct notice_decision *d);
/* A sharing request just decided (approved or denied), told to who asked. */
int notify_sharing(struct db *db, const struct share_request *r);
/* The install removed by removed_by (a user id or "operator"), told to the
 * install's user when someone else removed it; nothing when it was them. */
int notify_app_removed(struct db *db, const struct install *ins, const char *removed_by);

/* The mailbox, newest first: of a user (id or e-mail; unknown: 404), of an
 * app, page_size items with ids below before_id (0: from the newest). *out is
 * {page_size, next_page_token, mail: [...]}, the caller's to free. */
struct mailbox_filter {
    const char *user, *app_id; /* NULL: any */
    int page_size;
    int64_t before_id;
};
int mailbox_list(struct db *db, const struct mailbox_filter *f, json_t **out, struct perr *e);
int mailbox_get(struct db *db, int64_t id, json_t **out, struct perr *e);

/* ---- sending the mailbox over SMTP (market/mailer.c) ------------------------- */

struct config;
/* Starts the mailer thread when config has an SMTP URL (else does nothing): 0, -1 when it cannot. */
int mailer_start(const struct config *cfg);
void mailer_stop(void);
/* Tells the mailer that notices may be waiting (after a commit); a no-op when it is not running. */
void mailer_wake(void);

#endif
