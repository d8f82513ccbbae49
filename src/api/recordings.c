/* Cloud recordings (zoom-wire §2.10, §3.5): made when a simulated meeting with
 * cloud recording ends, listed per user in month windows, read per meeting
 * (by number: the latest instance; by UUID: that instance, single or double
 * URL-encoded), trashed or deleted whole or file by file. */
#include "api/api.h"
#include "api/timeutil.h"
#include "core/zoom_codes.h"
#include "api/paging.h"
#include "core/urls.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "api/recordings_store.h"
#include "events/events.h"
#include "media/media.h"
#include "oauth/oauth.h"


#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DOWNLOAD_TOKEN_TTL_S (24 * 3600)
#define ACCESS_TOKEN_TTL_MAX 604800
#define LIST_WINDOW_MAX_S (31LL * 86400) /* "the maximum range can be a month" */

static void file_id(char out[37])
{
    uint8_t b[16];
    crypto_random(b, sizeof b);
    b[6] = (uint8_t)((b[6] & 0x0F) | 0x40); /* a version-4 UUID, as Zoom's file ids are */
    b[8] = (uint8_t)((b[8] & 0x3F) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
             b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* An HS512 token like Zoom's download_token (§3.5). */
static int download_token(const char *account_id, const char *uuid, const char *host_id, int64_t ttl, char *out,
                          size_t size)
{
    const struct config *c = config();
    jwt_t *jwt = NULL;
    if (jwt_new(&jwt) != 0)
        return -1;
    int rc = jwt_set_alg(jwt, JWT_ALG_HS512, c->token_key, sizeof c->token_key) |
             jwt_add_grant(jwt, "iss", "https://event.zoom.us") | jwt_add_grant(jwt, "accountId", account_id) |
             jwt_add_grant(jwt, "aud", "https://oauth.zoom.us") | jwt_add_grant(jwt, "mid", uuid) |
             jwt_add_grant_int(jwt, "exp", clock_now() + ttl) | jwt_add_grant(jwt, "userId", host_id);
    char *s = rc == 0 ? jwt_encode_str(jwt) : NULL;
    jwt_free(jwt);
    if (!s)
        return -1;
    int ok = strlen(s) < size;
    if (ok)
        memcpy(out, s, strlen(s) + 1);
    free(s);
    return ok ? 0 : -1;
}

static json_t *file_object(const char *uuid, const struct recording_file *f, int webhook, int participant_audio)
{
    char url[600];
    const char *id = f->id, *type = f->file_type;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id));
    if (!participant_audio)
        json_object_set_new(o, "meeting_id", json_string(uuid));
    json_object_set_new(o, "recording_start", time_json(f->start));
    json_object_set_new(o, "recording_end", time_json(f->end));
    if (participant_audio)
        json_object_set_new(o, "file_name", json_string(f->file_name));
    json_object_set_new(o, "file_type", json_string(type));
    const char *ext = strcmp(type, "TRANSCRIPT") == 0 ? "VTT" : strcmp(type, "CHAT") == 0 ? "TXT" : type;
    json_object_set_new(o, "file_extension", json_string(ext));
    json_object_set_new(o, "file_size", json_integer(f->size));
    snprintf(url, sizeof url, "%s/rec/play/%s", urls_web(), id);
    json_object_set_new(o, "play_url", json_string(url));
    snprintf(url, sizeof url, "%s/rec/%s/%s", urls_web(), webhook ? "webhook_download" : "download", id);
    json_object_set_new(o, "download_url", json_string(url));
    json_object_set_new(o, "status", json_string(f->status));
    if (!participant_audio)
        json_object_set_new(o, "recording_type", json_string(f->recording_type));
    if (f->trashed)
        json_object_set_new(o, "deleted_time", time_json(f->trashed_at));
    return o;
}

/* The files of a recording object as they are read: participants' audio apart. */
struct file_lists {
    const char *uuid;
    json_t *files, *audio;
    int64_t total;
    int webhook;
};

static void add_file(const struct recording_file *f, void *arg)
{
    struct file_lists *l = arg;
    int pa = strcmp(f->kind, "participant_audio") == 0;
    l->total += f->size;
    json_array_append_new(pa ? l->audio : l->files, file_object(l->uuid, f, l->webhook, pa));
}

/* The recording object; trash selects trashed (1) or live (0) files. */
static json_t *recording_object(struct db *db, const struct recording_row *rec, const struct meeting *m, int trash,
                                int webhook, int with_audio)
{
    struct file_lists l = {rec->uuid, json_array(), json_array(), 0, webhook};
    recording_store_files(db, rec->uuid, trash, add_file, &l);
    json_t *files = l.files, *audio = l.audio;
    int64_t total = l.total;
    char share[600], token[RECORDING_SHARE_TOKEN_MAX];
    recording_share_token(rec->uuid, token);
    snprintf(share, sizeof share, "%s/rec/share/%s", urls_web(), token);
    json_t *o = json_object();
    json_object_set_new(o, "uuid", json_string(rec->uuid));
    json_object_set_new(o, "id", json_integer(rec->meeting_id));
    json_object_set_new(o, "account_id", json_string(rec->account_id));
    json_object_set_new(o, "host_id", json_string(rec->host_id));
    json_object_set(o, "topic", json_object_get(m->doc, "topic"));
    json_object_set_new(o, "type", json_integer(m->type));
    json_object_set_new(o, "start_time", time_json(rec->start_time));
    json_object_set(o, "timezone", json_object_get(m->doc, "timezone"));
    json_object_set_new(o, "duration", json_integer(rec->duration));
    json_object_set_new(o, "total_size", json_integer(total));
    json_object_set_new(o, "recording_count", json_integer((json_int_t)json_array_size(files)));
    json_object_set_new(o, "share_url", json_string(share));
    json_object_set_new(o, "recording_files", files);
    if (with_audio) {
        json_object_set_new(o, "password", json_string(rec->password));
        json_object_set_new(o, "participant_audio_files", audio);
        json_object_set_new(o, "recording_play_passcode", json_string(rec->password));
    } else {
        json_decref(audio);
    }
    return o;
}

/* Stores one file of a recording under a new id (f->id and f->size are not
 * read) with its bytes: 0 or -1. */
static int insert_file(struct db *db, const struct recording_file *f, const char *content_type, const void *data,
                       size_t size)
{
    char id[37];
    file_id(id);
    struct recording_file named = *f;
    named.id = id;
    named.size = (int64_t)size;
    return recording_store_add_file(db, &named) == 0 && recording_store_add_media(db, id, content_type, data, size) == 0
               ? 0
               : -1;
}

int recording_create(struct db *db, const struct meeting *m, const struct recorded_instance *instance, struct perr *e)
{
    const char *instance_uuid = instance->uuid;
    const struct media_out *media = instance->media;
    if (!media || !media->m4a || !media->mp4 || !media->vtt)
        return perr_set(e, PERR_INTERNAL, "The recording's media is missing.");
    int64_t start = instance->start, end = instance->end;
    int64_t seconds = end > start ? end - start : 1;
    /* the files span the instance, as Zoom's do; their media stops at MEDIA_MAX_SECONDS */
    int64_t file_end = end;
    struct recording_row rec = {0};
    snprintf(rec.uuid, sizeof rec.uuid, "%s", instance_uuid);
    memcpy(rec.account_id, m->account_id, sizeof rec.account_id);
    memcpy(rec.host_id, m->host_id, sizeof rec.host_id);
    rec.meeting_id = m->id;
    rec.start_time = start;
    rec.duration = (seconds + 59) / 60;
    const char *pw = json_string_value(json_object_get(m->doc, "password"));
    snprintf(rec.password, sizeof rec.password, "%s", pw ? pw : "");
    const struct recording_file video = {.recording_uuid = rec.uuid, .kind = "file", .file_type = "MP4",
                                         .recording_type = "shared_screen_with_speaker_view", .file_name = "",
                                         .start = start, .end = file_end, .seq = 1};
    struct recording_file audio = video, transcript = video, chat = video;
    audio.file_type = "M4A", audio.recording_type = "audio_only", audio.seq = 2;
    transcript.file_type = "TRANSCRIPT", transcript.recording_type = "audio_transcript", transcript.seq = 3;
    chat.file_type = "CHAT", chat.recording_type = "chat_file", chat.seq = 4;
    if (recording_store_insert(db, &rec, clock_now()) != 0 ||
        insert_file(db, &video, "video/mp4", media->mp4, media->mp4_len) != 0 ||
        insert_file(db, &audio, "audio/mp4", media->m4a, media->m4a_len) != 0 ||
        insert_file(db, &transcript, "text/vtt", media->vtt, media->vtt_len) != 0 ||
        (media->chat && insert_file(db, &chat, "text/plain; charset=utf-8", media->chat, media->chat_len) != 0))
        return perr_set(e, PERR_INTERNAL, "Storing the recording failed.");
    for (int i = 0; i < instance->npeople; i++) {
        if (!instance->person_m4a || !instance->person_m4a[i])
            continue;
        char name[200];
        snprintf(name, sizeof name, "Audio only - %s", instance->people[i].name);
        struct recording_file voice = audio;
        voice.kind = "participant_audio";
        voice.file_name = name;
        voice.seq = 10 + i;
        if (insert_file(db, &voice, "audio/mp4", instance->person_m4a[i], instance->person_len[i]) != 0)
            return perr_set(e, PERR_INTERNAL, "Storing the recording failed.");
    }

    /* recording.completed (§3.5): key order payload, event_ts, event, download_token */
    struct user host;
    json_t *object = recording_object(db, &rec, m, 0, 1, 1);
    json_object_set_new(object, "host_email",
                        json_string(user_find(db, m->host_id, &host) == 1 ? host.email : ""));
    json_object_set_new(object, "on_prem", json_false());
    char token[2048];
    if (download_token(m->account_id, rec.uuid, m->host_id, DOWNLOAD_TOKEN_TTL_S, token, sizeof token) != 0) {
        json_decref(object);
        return perr_set(e, PERR_INTERNAL, "Minting the download token failed.");
    }
    int64_t ts = clock_now_ms();
    json_t *env = json_object();
    json_object_set_new(env, "payload", json_pack("{s:s,s:o}", "account_id", m->account_id, "object", object));
    json_object_set_new(env, "event_ts", json_integer(ts));
    json_object_set_new(env, "event", json_string("recording.completed"));
    json_object_set_new(env, "download_token", json_string(token));
    if (events_emit_envelope(db, m->account_id, NULL, "recording.completed", env, ts) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the event failed.");
    return 0;
}

/* ---- reading ------------------------------------------------------------------ */

static int no_recording(struct perr *e)
{
    perr_set(e, PERR_NOT_FOUND, "There is no recording for this meeting.");
    e->zoom_code = ZOOM_RECORDING_NOT_FOUND;
    return -1;
}

/* Finds the recording a path names and checks the caller may act on it. */
static int find_recording(struct db *db, const struct meeting_ref *ref, struct recording_row *rec, struct meeting *m,
                          struct perr *e)
{
    const struct api_caller *c = ref->caller;
    const char *param = ref->id;
    char decoded[API_UUID_PARAM_MAX];
    api_uuid_param(param, decoded);
    char *end;
    long long num = strtoll(decoded, &end, 10);
    int by_number = *decoded && *end == '\0' && num > 0;
    int found = by_number ? recording_store_latest(db, (int64_t)num, rec) : recording_store_get(db, decoded, rec);
    if (!found || strcmp(rec->account_id, c->account_id) != 0)
        return no_recording(e);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)rec->meeting_id);
    if (meeting_find(db, id, m) != 1)
        return no_recording(e);
    if (!ref->admin && strcmp(rec->host_id, c->user_id) != 0) {
        meeting_clear(m);
        perr_set(e, PERR_FORBIDDEN, "Only an account-level scope allows reading another user's recordings.");
        e->zoom_code = API_NEEDS_ADMIN;
        return -1;
    }
    return 0;
}

int recording_get(struct db *db, const struct meeting_ref *meeting, const struct recording_get_query *q, json_t **out,
                  struct perr *e)
{
    const char *include_fields = q->include_fields, *ttl = q->ttl;
    long long seconds = DOWNLOAD_TOKEN_TTL_S;
    if (ttl) {
        char *end;
        seconds = strtoll(ttl, &end, 10);
        if (!*ttl || *end || seconds < 0 || seconds > ACCESS_TOKEN_TTL_MAX) {
            perr_field(e, "ttl", "must be 0 to %d seconds", ACCESS_TOKEN_TTL_MAX);
            e->zoom_code = ZOOM_VALIDATION_FAILED;
            return -1;
        }
    }
    struct recording_row rec;
    struct meeting m;
    if (find_recording(db, meeting, &rec, &m, e) != 0)
        return -1;
    json_t *o = recording_object(db, &rec, &m, 0, 0, 1);
    meeting_clear(&m);
    if (json_array_size(json_object_get(o, "recording_files")) == 0) {
        json_decref(o);
        return no_recording(e);
    }
    if (include_fields && strstr(include_fields, "download_access_token")) {
        char token[2048];
        if (download_token(rec.account_id, rec.uuid, rec.host_id, seconds ? seconds : 1, token, sizeof token) == 0)
            json_object_set_new(o, "download_access_token", json_string(token));
    }
    *out = o;
    return 0;
}

static int day_of(const char *s, int64_t *out)
{
    struct tm tm = {0};
    const char *end = strptime(s, "%Y-%m-%d", &tm);
    if (!end || *end)
        return -1;
    *out = (int64_t)timegm(&tm);
    return 0;
}

/* A page of recordings as they are read: each with its meeting, skipped when the meeting is gone. */
struct recording_items {
    struct db *db;
    json_t *items;
    int size, trash, n, more;
    struct recording_row last;
};

static int add_recording(const struct recording_row *rec, void *arg)
{
    struct recording_items *p = arg;
    if (p->n == p->size) {
        p->more = 1;
        return 1;
    }
    struct meeting m;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)rec->meeting_id);
    if (meeting_find(p->db, id, &m) != 1)
        return 0;
    json_array_append_new(p->items, recording_object(p->db, rec, &m, p->trash, 0, 0));
    meeting_clear(&m);
    p->last = *rec;
    p->n++;
    return 0;
}

int recording_list(struct db *db, const char *account_id, const struct user *host,
                   const struct recording_list_query *q, json_t **out, struct perr *e)
{
    struct page_query page;
    if (page_parse(q->page_size, NULL, q->next_page_token, &page, e) != 0)
        return -1;
    /* Zoom: without from and to, from is today and to is tomorrow */
    int64_t today = clock_now() / 86400 * 86400, from = today, to = today + 86400;
    if (q->from && day_of(q->from, &from) != 0)
        perr_field(e, "from", "must be a date: yyyy-mm-dd");
    if (q->to && day_of(q->to, &to) != 0)
        perr_field(e, "to", "must be a date: yyyy-mm-dd");
    if (q->from && !q->to)
        to = from + LIST_WINDOW_MAX_S - 86400 > today ? today : from + LIST_WINDOW_MAX_S - 86400;
    if (e->kind == PERR_NONE && to < from)
        perr_field(e, "to", "must not be before from");
    if (e->kind == PERR_NONE && to - from >= LIST_WINDOW_MAX_S)
        perr_field(e, "to", "the range from..to can be at most a month");
    int trash = q->trash && strcmp(q->trash, "true") == 0;
    if (q->trash && !trash && strcmp(q->trash, "false") != 0)
        perr_field(e, "trash", "must be true or false");
    int64_t meeting_id = q->meeting_id ? atoll(q->meeting_id) : 0;
    if (q->meeting_id && meeting_id <= 0)
        perr_field(e, "meeting_id", "must be a meeting number");
    if (e->kind != PERR_NONE) {
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    char list[48];
    snprintf(list, sizeof list, "%s-%d", host ? "rec" : "account-rec", trash); /* a token pages its own list */
    int64_t after_time = INT64_MAX;
    char after_uuid[65] = "~";
    if (page.token && page_token_read(page.token, list, &after_time, after_uuid, e) != 0)
        return -1;

    struct recording_filter filter = {account_id, host ? host->id : NULL, from, to + 86400, meeting_id, trash, after_time, after_uuid,
                                      (int64_t)page.size + 1};
    int64_t total = recording_store_count(db, &filter);
    struct recording_items p = {.db = db, .items = json_array(), .size = page.size, .trash = trash};
    recording_store_page(db, &filter, add_recording, &p);
    json_t *items = p.items;
    int more = p.more;
    struct recording_row last = p.last;
    char token[PAGE_TOKEN_MAX] = "", fs[12], ts[12];
    if (more)
        page_token_make(list, last.start_time, last.uuid, token);
    time_t f = (time_t)from, t = (time_t)to;
    struct tm ftm, ttm;
    strftime(fs, sizeof fs, "%Y-%m-%d", gmtime_r(&f, &ftm));
    strftime(ts, sizeof ts, "%Y-%m-%d", gmtime_r(&t, &ttm));
    json_t *o = json_object();
    json_object_set_new(o, "from", json_string(fs));
    json_object_set_new(o, "to", json_string(ts));
    page_members(o, token, &page, total, 0);
    json_object_set_new(o, "meetings", items);
    *out = o;
    return 0;
}

/* ---- downloads ---------------------------------------------------------------- */

/* 1 when token is a live download_token of the recording (§3.5), 0 otherwise. */
static int download_token_opens(const char *token, const char *account_id, const char *uuid)
{
    const struct config *c = config();
    jwt_t *jwt = NULL;
    if (!token || jwt_decode(&jwt, token, c->token_key, sizeof c->token_key) != 0)
        return 0;
    const char *iss = jwt_get_grant(jwt, "iss"), *mid = jwt_get_grant(jwt, "mid"),
               *acct = jwt_get_grant(jwt, "accountId");
    long exp = jwt_get_grant_int(jwt, "exp");
    int ok = jwt_get_alg(jwt) == JWT_ALG_HS512 && iss && strcmp(iss, "https://event.zoom.us") == 0 && mid &&
             strcmp(mid, uuid) == 0 && acct && strcmp(acct, account_id) == 0 && exp > clock_now();
    jwt_free(jwt);
    return ok;
}

struct download {
    const struct recording_reader *reader;
    const char *download_token;
    struct recording_bytes *out;
    struct perr *e;
};

static void take_media(const struct recording_media *m, void *arg)
{
    struct download *d = arg;
    const struct recording_reader *r = d->reader;
    int allowed;
    if (r) {
        /* the host with a user-level scope, anyone of the account with an account-level one */
        int admin = scopes_contain(r->scopes, "recording:read:admin") ||
                    scopes_contain(r->scopes, "cloud_recording:read:list_recording_files:admin");
        int user = scopes_contain(r->scopes, "recording:read") ||
                   scopes_contain(r->scopes, "cloud_recording:read:list_recording_files");
        allowed = strcmp(r->account_id, m->account_id) == 0 && (admin || (user && strcmp(r->user_id, m->host_id) == 0));
    } else {
        allowed = download_token_opens(d->download_token, m->account_id, m->recording_uuid);
    }
    if (!allowed) {
        perr_set(d->e, PERR_UNAUTHORIZED, "Invalid access token.");
        return;
    }
    d->out->data = malloc(m->size ? m->size : 1);
    if (!d->out->data) {
        perr_set(d->e, PERR_INTERNAL, "Out of memory.");
        return;
    }
    memcpy(d->out->data, m->data, m->size);
    d->out->size = m->size;
    snprintf(d->out->content_type, sizeof d->out->content_type, "%s", m->content_type);
}

int recording_download(struct db *db, const char *file_id, const struct recording_reader *reader,
                       const char *download_token, struct recording_bytes *out, struct perr *e)
{
    memset(out, 0, sizeof *out);
    struct download d = {reader, download_token, out, e};
    if (strlen(file_id) > 64 || !recording_store_media(db, file_id, take_media, &d)) {
        /* only a token of some account learns that a file is not there */
        if (reader) {
            perr_set(e, PERR_NOT_FOUND, "This recording does not exist.");
            e->zoom_code = ZOOM_RECORDING_NOT_FOUND;
        } else {
            perr_set(e, PERR_UNAUTHORIZED, "Invalid access token.");
        }
        return -1;
    }
    if (e->kind != PERR_NONE) {
        if (e->kind == PERR_UNAUTHORIZED)
            e->zoom_code = ZOOM_ACCESS_TOKEN_INVALID;
        return -1;
    }
    return 0;
}

/* ---- trash and delete ---------------------------------------------------------- */

struct delete_tx {
    const struct recording_row *rec;
    const struct meeting *m;
    const struct api_caller *c;
    const char *file_id; /* NULL: every file */
    int trash;
    struct perr *e;
    int ran;
};

/* Trashes or deletes the file or the recording, with the event: the
 * recording as it was, with the files concerned. */
static int delete_in_tx(struct db *db, void *arg)
{
    struct delete_tx *t = arg;
    const struct recording_row *rec = t->rec;
    t->ran = 1;
    int64_t now = clock_now();
    json_t *object = recording_object(db, rec, t->m, 0, 0, 0);
    int r;
    if (t->file_id) {
        int64_t changed = t->trash ? recording_store_trash_file(db, rec->uuid, t->file_id, now)
                                   : recording_store_delete_file(db, rec->uuid, t->file_id);
        if (changed == 0) {
            json_decref(object);
            return no_recording(t->e);
        }
        r = changed > 0 ? 0 : -1;
        json_t *files = json_object_get(object, "recording_files"), *f, *only = json_array();
        size_t i;
        json_array_foreach(files, i, f)
        {
            const char *fid = json_string_value(json_object_get(f, "id"));
            if (fid && strcmp(fid, t->file_id) == 0)
                json_array_append(only, f);
        }
        json_object_set_new(object, "recording_files", only);
    } else {
        r = t->trash ? recording_store_trash(db, rec->uuid, now) : recording_store_delete(db, rec->uuid);
    }
    json_t *payload = json_pack("{s:s,s:s,s:s,s:o}", "account_id", rec->account_id, "operator", "", "operator_id",
                                t->c->user_id, "object", object);
    char email[USER_EMAIL_MAX + 1];
    api_operator(db, t->c, email);
    json_object_set_new(payload, "operator", json_string(email));
    if (r != 0) {
        json_decref(payload);
        return -1;
    }
    return events_emit(db, rec->account_id, NULL, t->trash ? "recording.trashed" : "recording.deleted", payload) != 0
               ? -1
               : 0;
}

int recording_delete(struct db *db, const struct meeting_ref *meeting, const char *file_id_in, const char *action,
                     struct perr *e)
{
    const struct api_caller *c = meeting->caller;
    if (!action || !*action)
        action = "trash";
    int trash = strcmp(action, "trash") == 0;
    if (!trash && strcmp(action, "delete") != 0) {
        perr_field(e, "action", "must be trash or delete");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    struct recording_row rec;
    struct meeting m;
    if (find_recording(db, meeting, &rec, &m, e) != 0)
        return -1;
    int rc = -1;
    if (strcmp(m.status, "started") == 0 && file_id_in) {
        perr_set(e, PERR_INVALID, "You can not delete an uncompleted meeting.");
        e->zoom_code = ZOOM_RECORDING_IN_PROGRESS;
        goto out;
    }
    struct delete_tx t = {&rec, &m, c, file_id_in, trash, e, 0};
    if (db_transaction(db, delete_in_tx, &t) != 0) {
        if (e->kind == PERR_NONE)
            perr_set(e, PERR_INTERNAL, "%s", t.ran ? "Deleting the recording failed." : "The store is busy.");
        goto out;
    }
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

/* ---- the share_url and play_url pages --------------------------------------------- */

#define SHARE_MAC_HEX 22 /* 88 bits of the keyed hash */

static void share_mac(const char *uuid, char out[SHARE_MAC_HEX + 1])
{
    char payload[64], mac[CRYPTO_HASH_HEX];
    snprintf(payload, sizeof payload, "share|%s", uuid);
    crypto_secret_hash(config()->hash_key, payload, strlen(payload), mac);
    memcpy(out, mac, SHARE_MAC_HEX);
    out[SHARE_MAC_HEX] = '\0';
}

void recording_share_token(const char *uuid, char out[RECORDING_SHARE_TOKEN_MAX])
{
    /* a UUID may hold '/' and '+': the link carries it in hex, with a keyed MAC so that
     * nobody makes the link of a recording they were not given */
    char hex[2 * 31 + 1], mac[SHARE_MAC_HEX + 1];
    size_t n = strlen(uuid) > 31 ? 31 : strlen(uuid);
    crypto_hex(hex, (const uint8_t *)uuid, n);
    share_mac(uuid, mac);
    snprintf(out, RECORDING_SHARE_TOKEN_MAX, "%s.%s", hex, mac);
}

int recording_share_parse(const char *token, char uuid[32])
{
    const char *dot = strchr(token, '.');
    size_t hexlen = dot ? (size_t)(dot - token) : 0;
    char hex[2 * 31 + 1], mac[SHARE_MAC_HEX + 1];
    if (!dot || hexlen == 0 || hexlen % 2 || hexlen > 2 * 31 || strlen(dot + 1) != SHARE_MAC_HEX)
        return -1;
    memcpy(hex, token, hexlen);
    hex[hexlen] = '\0';
    if (crypto_unhex((uint8_t *)uuid, hexlen / 2, hex) != 0)
        return -1;
    uuid[hexlen / 2] = '\0';
    if (strlen(uuid) != hexlen / 2)
        return -1; /* a NUL inside */
    share_mac(uuid, mac);
    return crypto_equal(mac, dot + 1, SHARE_MAC_HEX) ? 0 : -1;
}

static void add_view_file(const struct recording_file *f, void *arg)
{
    struct recording_view *v = arg;
    if (v->nfiles == RECORDING_VIEW_FILES || (v->only[0] && strcmp(v->only, f->id) != 0))
        return;
    struct recording_view_file *o = &v->files[v->nfiles++];
    snprintf(o->id, sizeof o->id, "%s", f->id);
    snprintf(o->file_type, sizeof o->file_type, "%s", f->file_type);
    snprintf(o->name, sizeof o->name, "%s", f->file_name ? f->file_name : "");
    o->participant_audio = strcmp(f->kind, "participant_audio") == 0;
    o->size = f->size;
}

int recording_view(struct db *db, const char *share_token, const char *file_id, const char *passcode,
                   struct recording_view *out, struct perr *e)
{
    struct recording_row rec;
    char uuid[32];
    memset(out, 0, sizeof *out);
    int found = share_token ? recording_share_parse(share_token, uuid) == 0 && recording_store_get(db, uuid, &rec) == 1
                            : strlen(file_id) < sizeof out->only && recording_store_of_file(db, file_id, &rec) == 1;
    if (!found) {
        perr_set(e, PERR_NOT_FOUND, "This recording does not exist.");
        e->zoom_code = ZOOM_RECORDING_NOT_FOUND;
        return -1;
    }
    if (file_id)
        snprintf(out->only, sizeof out->only, "%s", file_id);
    recording_store_files(db, rec.uuid, 0, add_view_file, out);
    if (out->nfiles == 0) { /* every file in the trash */
        perr_set(e, PERR_NOT_FOUND, "This recording does not exist.");
        e->zoom_code = ZOOM_RECORDING_NOT_FOUND;
        return -1;
    }
    struct meeting m;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)rec.meeting_id);
    if (meeting_find(db, id, &m) == 1) {
        const char *topic = json_string_value(json_object_get(m.doc, "topic"));
        snprintf(out->topic, sizeof out->topic, "%s", topic ? topic : "");
        meeting_clear(&m);
    }
    snprintf(out->uuid, sizeof out->uuid, "%s", rec.uuid);
    out->start_time = rec.start_time;
    out->duration = rec.duration;
    out->locked = rec.password[0] != '\0';
    if (out->locked && !passcode) {
        perr_set(e, PERR_FORBIDDEN, "Enter the passcode.");
        e->zoom_code = ZOOM_NO_PERMISSION;
        return -1;
    }
    if (out->locked) {
        /* tries of a recording's passcode slow down after failures, as sign-ins do */
        char key[48];
        snprintf(key, sizeof key, "rec:%s", rec.uuid);
        int64_t wait = tries_wait(db, key);
        if (wait > 0) {
            perr_set(e, PERR_RATE_LIMITED, "Too many wrong passcodes: try again in %lld seconds.", (long long)wait);
            return -1;
        }
        size_t n = strlen(passcode);
        if (!(n == strlen(rec.password) && crypto_equal(passcode, rec.password, n))) {
            tries_failed(db, key);
            perr_set(e, PERR_FORBIDDEN, "The passcode is wrong.");
            e->zoom_code = ZOOM_NO_PERMISSION;
            return -1;
        }
        tries_clear(db, key);
    }
    if (download_token(rec.account_id, rec.uuid, rec.host_id, RECORDING_VIEW_TTL_S, out->token, sizeof out->token) !=
        0)
        return perr_set(e, PERR_INTERNAL, "Minting the download token failed.");
    return 0;
}
