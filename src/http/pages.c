/* Server-rendered pages for people: small, no scripts, every value escaped. */
#include "http/pages.h"
#include "api/api.h"
#include "core/zoom_codes.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define STYLE                                                                                                     \
    "<style>body{font:16px/1.5 system-ui,sans-serif;background:#f4f6fa;color:#1d2433;margin:0}"                   \
    "main{max-width:28rem;margin:4rem auto;background:#fff;border-radius:12px;padding:2rem;"                      \
    "box-shadow:0 1px 4px #0002}h1{font-size:1.3rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .2rem}"    \
    "input[type=email],input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}"         \
    "button{font:inherit;padding:.55rem 1.2rem;border-radius:8px;border:1px solid #0b5cff;cursor:pointer;"        \
    "margin:1rem .5rem 0 0}.primary{background:#0b5cff;color:#fff}.secondary{background:#fff;color:#0b5cff}"      \
    "ul{padding-left:1.2rem}.scope{color:#5b6475;font-size:.85rem}.error{color:#b3261e}"                         \
    ".muted{color:#5b6475;font-size:.9rem}video,audio{width:100%;margin:.3rem 0}h2{font-size:1rem;margin:1.2rem 0 .2rem}" \
    "</style>"

struct out {
    h2o_mem_pool_t *pool;
    char *p;
    size_t len, cap;
};

static void grow(struct out *o, size_t need)
{
    if (o->len + need + 1 <= o->cap)
        return;
    size_t cap = (o->cap + need + 1) * 2;
    char *p = h2o_mem_alloc_pool(o->pool, cap);
    if (o->len)
        memcpy(p, o->p, o->len);
    o->p = p, o->cap = cap;
}

static void raw(struct out *o, const char *s)
{
    size_t n = strlen(s);
    grow(o, n);
    memcpy(o->p + o->len, s, n + 1);
    o->len += n;
}

/* Writes `s` escaped for HTML text and attribute values. */
static void esc(struct out *o, const char *s)
{
    h2o_iovec_t v = h2o_htmlescape(o->pool, s, strlen(s));
    grow(o, v.len);
    memcpy(o->p + o->len, v.base, v.len);
    o->len += v.len;
    o->p[o->len] = '\0';
}

static void head(struct out *o, const char *title)
{
    raw(o, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>");
    esc(o, title);
    raw(o, "</title>" STYLE "</head><body><main>");
}

static const char *done(struct out *o, size_t *len)
{
    raw(o, "</main></body></html>\n");
    *len = o->len;
    return o->p;
}

static void hidden(struct out *o, const char *name, const char *value)
{
    raw(o, "<input type=\"hidden\" name=\"");
    esc(o, name);
    raw(o, "\" value=\"");
    esc(o, value);
    raw(o, "\">");
}

const char *pages_signin(h2o_mem_pool_t *pool, const char *app_name, const struct page_form *form, const char *email,
                         const char *error, size_t *len)
{
    struct out o = {pool, NULL, 0, 0};
    head(&o, "Sign in - plaza");
    raw(&o, "<h1>Sign in to continue to ");
    esc(&o, app_name);
    raw(&o, "</h1>");
    if (error) {
        raw(&o, "<p class=\"error\" role=\"alert\">");
        esc(&o, error);
        raw(&o, "</p>");
    }
    raw(&o, "<form method=\"post\" action=\"/oauth/signin\">");
    hidden(&o, "csrf_token", form->csrf);
    hidden(&o, "q", form->query);
    raw(&o, "<label for=\"email\">E-mail</label><input id=\"email\" type=\"email\" name=\"email\" required "
            "autocomplete=\"username\" value=\"");
    esc(&o, email ? email : "");
    raw(&o, "\"><label for=\"password\">Password</label><input id=\"password\" type=\"password\" name=\"password\" "
            "required autocomplete=\"current-password\"><button class=\"primary\" type=\"submit\">Sign in</button>"
            "</form>");
    return done(&o, len);
}

const char *pages_consent(h2o_mem_pool_t *pool, const struct page_consent *consent, const struct page_form *form,
                          size_t *len)
{
    const char *app_name = consent->app_name, *developer = consent->developer, *user_email = consent->user_email;
    const struct page_scope *scopes = consent->scopes;
    int nscopes = consent->nscopes;
    struct out o = {pool, NULL, 0, 0};
    head(&o, "Allow access - plaza");
    raw(&o, "<h1>");
    esc(&o, app_name);
    raw(&o, " would like to access your Zoom account</h1><p class=\"muted\">Developed by ");
    esc(&o, developer);
    raw(&o, ". You are signed in as ");
    esc(&o, user_email);
    raw(&o, ".</p>");
    if (nscopes > 0) {
        raw(&o, "<p>The app will be able to:</p><ul>");
        for (int i = 0; i < nscopes; i++) {
            raw(&o, "<li>");
            esc(&o, scopes[i].words);
            raw(&o, " <span class=\"scope\">(");
            esc(&o, scopes[i].scope);
            raw(&o, ")</span></li>");
        }
        raw(&o, "</ul>");
    } else {
        raw(&o, "<p>The app asks for no access to your data.</p>");
    }
    raw(&o, "<form method=\"post\" action=\"/oauth/consent\">");
    hidden(&o, "csrf_token", form->csrf);
    hidden(&o, "q", form->query);
    raw(&o, "<button class=\"primary\" type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>"
            "<button class=\"secondary\" type=\"submit\" name=\"decision\" value=\"deny\">Decline</button></form>");
    return done(&o, len);
}

const char *pages_error(h2o_mem_pool_t *pool, int zoom_code, const char *message, size_t *len)
{
    struct out o = {pool, NULL, 0, 0};
    char code[32];
    int c = zoom_code ? zoom_code : ZOOM_OAUTH_INVALID_REQUEST;
    snprintf(code, sizeof code, "(%d,%03d)", c / 1000, c % 1000);
    head(&o, "Error - plaza");
    raw(&o, "<h1>Oops! We were unable to complete your request.</h1><p>Please try again. ");
    esc(&o, code);
    raw(&o, "</p><p class=\"error\">");
    esc(&o, message);
    raw(&o, "</p>");
    return done(&o, len);
}

static void input(struct out *o, const char *name, const char *type, const char *label, const char *value)
{
    raw(o, "<label for=\"");
    esc(o, name);
    raw(o, "\">");
    esc(o, label);
    raw(o, "</label><input id=\"");
    esc(o, name);
    raw(o, "\" name=\"");
    esc(o, name);
    raw(o, "\" type=\"");
    raw(o, type);
    raw(o, strcmp(name, "email") == 0 ? "\" autocomplete=\"email\" value=\"" : "\" required value=\"");
    esc(o, value ? value : "");
    raw(o, "\">");
}

const char *pages_join(h2o_mem_pool_t *pool, const struct page_join *j, size_t *len)
{
    struct out o = {pool, NULL, 0, 0};
    head(&o, "Join meeting - plaza");
    raw(&o, "<h1>");
    esc(&o, j->topic);
    raw(&o, "</h1><p class=\"muted\">Hosted by ");
    esc(&o, j->host);
    raw(&o, " &middot; ");
    esc(&o, j->state);
    raw(&o, "</p>");
    if (j->error) {
        raw(&o, "<p class=\"error\" role=\"alert\">");
        esc(&o, j->error);
        raw(&o, "</p>");
    }
    raw(&o, "<form method=\"post\" action=\"");
    esc(&o, j->action);
    raw(&o, "\">");
    hidden(&o, "csrf_token", j->csrf);
    if (j->pwd)
        hidden(&o, "pwd", j->pwd);
    input(&o, "name", "text", "Your name", j->name);
    input(&o, "email", "email", "E-mail (optional)", j->email);
    if (!j->pwd)
        input(&o, "passcode", "password", "Meeting passcode", NULL);
    raw(&o, "<button class=\"primary\" type=\"submit\">Join</button></form>");
    return done(&o, len);
}

const char *pages_start(h2o_mem_pool_t *pool, const struct page_start *st, size_t *len)
{
    struct out o = {pool, NULL, 0, 0};
    head(&o, "Start meeting - plaza");
    raw(&o, "<h1>");
    esc(&o, st->topic);
    raw(&o, "</h1><p class=\"muted\">You start this meeting as its host, ");
    esc(&o, st->host);
    raw(&o, ".</p>");
    if (st->error) {
        raw(&o, "<p class=\"error\" role=\"alert\">");
        esc(&o, st->error);
        raw(&o, "</p>");
    }
    raw(&o, "<form method=\"post\" action=\"");
    esc(&o, st->action);
    raw(&o, "\">");
    hidden(&o, "csrf_token", st->csrf);
    hidden(&o, "zak", st->zak);
    raw(&o, "<button class=\"primary\" type=\"submit\">Start the meeting</button></form>");
    return done(&o, len);
}

const char *pages_started(h2o_mem_pool_t *pool, const char *topic, const char *uuid, int already, size_t *len)
{
    struct out o = {pool, NULL, 0, 0};
    head(&o, "Meeting started - plaza");
    raw(&o, already ? "<h1>Already in progress: " : "<h1>You started ");
    esc(&o, topic);
    raw(&o, "</h1><p class=\"muted\">Meeting instance ");
    esc(&o, uuid);
    raw(&o, already ? ". You are its host; it was started before." :
                      ". plaza simulates the meeting: there is no audio or video here. The meeting's apps "
                      "received meeting.started, and its status is started in the REST API.");
    raw(&o, "</p>");
    return done(&o, len);
}

const char *pages_joined(h2o_mem_pool_t *pool, const char *topic, const char *name, const char *participant_id,
                         size_t *len)
{
    struct out o = {pool, NULL, 0, 0};
    head(&o, "In the meeting - plaza");
    raw(&o, "<h1>You joined ");
    esc(&o, topic);
    raw(&o, "</h1><p>as ");
    esc(&o, name);
    raw(&o, ".</p><p class=\"muted\">Participant id ");
    esc(&o, participant_id);
    raw(&o, ". plaza simulates the meeting: there is no audio or video here. The meeting's apps received "
            "meeting.participant_joined.</p>");
    return done(&o, len);
}

/* One file of a recording: its heading, its player, and its download link. */
static void recording_file(struct out *o, const struct recording_view_file *f, const char *token)
{
    const char *type = f->file_type;
    int video = strcmp(type, "MP4") == 0, audio = strcmp(type, "M4A") == 0;
    const char *what = video ? "Video and audio (MP4)" : audio ? "Audio only (M4A)"
                       : strcmp(type, "TRANSCRIPT") == 0 ? "Audio transcript (WebVTT)" : "Chat (text)";
    raw(o, "<h2>");
    esc(o, f->participant_audio && f->name[0] ? f->name : what);
    raw(o, "</h2>");
    char size[32];
    snprintf(size, sizeof size, "%.1f", (double)f->size / 1024.0);
    if (video || audio) {
        raw(o, video ? "<video controls preload=\"metadata\" src=\"/rec/download/" :
                       "<audio controls preload=\"none\" src=\"/rec/download/");
        esc(o, f->id);
        raw(o, "?access_token=");
        esc(o, token);
        raw(o, "\" aria-label=\"");
        esc(o, f->participant_audio && f->name[0] ? f->name : what);
        raw(o, video ? "\"></video>" : "\"></audio>");
    }
    raw(o, "<p class=\"muted\"><a download href=\"/rec/download/");
    esc(o, f->id);
    raw(o, "?access_token=");
    esc(o, token);
    raw(o, "\">Download</a> &middot; ");
    esc(o, size);
    raw(o, " KiB</p>");
}

const char *pages_recording(h2o_mem_pool_t *pool, const struct page_recording *p, size_t *len)
{
    const struct recording_view *v = p->view;
    struct out o = {pool, NULL, 0, 0};
    head(&o, "Cloud recording - plaza");
    raw(&o, "<h1>");
    esc(&o, v->topic[0] ? v->topic : "Cloud recording");
    raw(&o, "</h1><p class=\"muted\">Recorded ");
    esc(&o, p->start);
    char minutes[32];
    snprintf(minutes, sizeof minutes, " &middot; %lld min", (long long)v->duration);
    raw(&o, minutes);
    raw(&o, "</p>");
    if (p->error) {
        raw(&o, "<p class=\"error\" role=\"alert\">");
        esc(&o, p->error);
        raw(&o, "</p>");
    }
    if (!p->unlocked) {
        raw(&o, "<form method=\"post\" action=\"");
        esc(&o, p->action);
        raw(&o, "\">");
        hidden(&o, "csrf_token", p->csrf);
        input(&o, "passcode", "password", "Passcode", NULL);
        raw(&o, "<button class=\"primary\" type=\"submit\">Watch the recording</button></form>");
        return done(&o, len);
    }
    for (int i = 0; i < v->nfiles; i++)
        recording_file(&o, &v->files[i], v->token);
    return done(&o, len);
}
