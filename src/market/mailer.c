/* The mailer: with --smtp, one thread with its own store connection sends
 * the mailbox's queued notices over SMTP with libcurl, one at a time, off
 * every request's path, and records the outcome. A refusal (5xx) fails the
 * notice at once; anything else (no connection, 4xx, a timeout) is tried
 * again later on the virtual clock, three attempts in all. */
#include "core/bg_thread.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/db.h"
#include "core/libcurl.h"
#include "core/log.h"
#include "market/mail_store.h"
#include "market/market.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IDLE_WAIT_MS 1000       /* longest sleep between looks at the queue */
#define ATTEMPTS_MAX 3          /* the first and two retries */
#define LEASE_MS (5 * 60000)    /* a claimed notice is not taken again before its attempt ends */
#define CONNECT_TIMEOUT_MS 5000 /* bounds of one attempt */
#define TIMEOUT_MS 20000
#define LINE_MAX_BYTES 990 /* RFC 5321: lines of at most 1000 octets with the CRLF */

static const int64_t retry_after_ms[] = {60000, 5 * 60000}; /* after the first and the second attempt */

static struct bg_thread bg = BG_THREAD_INIT;
static struct db *db;
static char from_addr[300], host[256];

void mailer_wake(void) { bg_thread_wake(&bg); }

/* The public URL's host, for the default sender and the Message-IDs. */
static void public_host(const char *url, char *out, size_t size)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = *p == '[' ? strcspn(p, "]") + 1 : strcspn(p, ":/");
    snprintf(out, size, "%.*s", (int)n, p);
}

/* A header's text as is when it is printable ASCII, else RFC 2047's encoded word. */
static void header_text(FILE *f, const char *name, const char *text)
{
    int plain = 1;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        plain &= *p >= 0x20 && *p < 0x7f;
    if (plain) {
        fprintf(f, "%s: %s\r\n", name, text);
        return;
    }
    size_t n = strlen(text), cap = 4 * (n / 3 + 1) + 1;
    char *b64 = malloc(cap);
    if (b64 && crypto_b64(b64, cap, text, n))
        fprintf(f, "%s: =?UTF-8?B?%s?=\r\n", name, b64);
    free(b64);
}

/* The message (RFC 5322): headers, then the body with CRLF line ends and no line over LINE_MAX_BYTES. */
static char *message(const struct mail_row *m, size_t *len)
{
    char *text = NULL, date[64];
    FILE *f = open_memstream(&text, len);
    if (!f)
        return NULL;
    time_t t = (time_t)m->created_at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    fprintf(f, "Date: %s\r\nFrom: plaza Marketplace <%s>\r\nTo: <%s>\r\n", date, from_addr, m->to_email);
    header_text(f, "Subject", m->subject);
    fprintf(f,
            "Message-ID: <plaza-mail-%lld-%lld@%s>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
            "X-Plaza-Notice: %s\r\n\r\n",
            (long long)m->id, (long long)m->created_at, host, m->kind);
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)m->body; *p; p++) {
        if (*p == '\r')
            continue;
        if (*p == '\n' || (col >= LINE_MAX_BYTES && (*p & 0xc0) != 0x80)) { /* never inside a UTF-8 character */
            fputs("\r\n", f);
            col = 0;
            if (*p == '\n')
                continue;
        }
        fputc(*p, f);
        col++;
    }
    if (col) /* the last line ends too */
        fputs("\r\n", f);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

struct upload {
    const char *p;
    size_t left;
};

static size_t on_read(char *buf, size_t size, size_t n, void *arg)
{
    struct upload *u = arg;
    size_t k = size * n < u->left ? size * n : u->left;
    memcpy(buf, u->p, k);
    u->p += k;
    u->left -= k;
    return k;
}

/* One attempt: 0 sent; -1 with the error (and 1 in *permanent when the server refused for good). */
static int smtp_send(const struct libcurl *curl, const struct mail_row *m, char *error, size_t size, int *permanent)
{
    size_t len = 0;
    char *text = message(m, &len), rcpt_to[300], mail_from[310], errbuf[CURL_ERROR_SIZE] = "";
    CURL *easy = text ? curl->easy_init() : NULL;
    *permanent = 0;
    if (!easy) {
        free(text);
        snprintf(error, size, "cannot prepare the message");
        return -1;
    }
    snprintf(rcpt_to, sizeof rcpt_to, "<%s>", m->to_email);
    snprintf(mail_from, sizeof mail_from, "<%s>", from_addr);
    struct curl_slist *rcpt = curl->slist_append(NULL, rcpt_to);
    struct upload up = {text, len};
    curl->easy_setopt(easy, CURLOPT_URL, config()->smtp_url);
    curl->easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl->easy_setopt(easy, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY); /* STARTTLS when the server offers it */
    curl->easy_setopt(easy, CURLOPT_MAIL_FROM, mail_from);
    curl->easy_setopt(easy, CURLOPT_MAIL_RCPT, rcpt);
    curl->easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    curl->easy_setopt(easy, CURLOPT_READFUNCTION, on_read);
    curl->easy_setopt(easy, CURLOPT_READDATA, &up);
    curl->easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl->easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, (long)CONNECT_TIMEOUT_MS);
    curl->easy_setopt(easy, CURLOPT_TIMEOUT_MS, (long)TIMEOUT_MS);
    curl->easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl->easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl->easy_perform(easy);
    long code = 0;
    curl->easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
    if (rc != CURLE_OK) {
        *permanent = code >= 500 && code < 600;
        snprintf(error, size, "%s", errbuf[0] ? errbuf : curl->easy_strerror(rc));
        if (code && !strstr(error, "failed: "))
            snprintf(error + strlen(error), size - strlen(error), " (SMTP %ld)", code);
    }
    curl->slist_free_all(rcpt);
    curl->easy_cleanup(easy);
    free(text);
    return rc == CURLE_OK ? 0 : -1;
}

/* The notice claimed, copied out of its row: the claim's statement is done before anything is sent. */
struct claimed {
    int found;
    struct mail_row row;
    char *to_email, *subject, *body, *kind;
};

static int copy_claimed(const struct mail_row *m, void *arg)
{
    struct claimed *c = arg;
    c->found = 1;
    c->row = *m;
    c->row.to_email = c->to_email = strdup(m->to_email ? m->to_email : "");
    c->row.subject = c->subject = strdup(m->subject ? m->subject : "");
    c->row.body = c->body = strdup(m->body ? m->body : "");
    c->row.kind = c->kind = strdup(m->kind ? m->kind : "");
    c->row.to_user_id = c->row.account_id = c->row.app_id = c->row.smtp_status = c->row.smtp_error = NULL;
    return 1;
}

/* Sends the next due notice: 1 when there was one, 0 none, -1 the store failed. */
static int send_next(void)
{
    struct claimed c = {0};
    int64_t now = clock_now_ms();
    int found = mail_store_claim(db, now, now + LEASE_MS, copy_claimed, &c);
    if (found <= 0)
        return found;
    const struct mail_row *m = &c.row;
    const struct libcurl *curl = libcurl();
    char error[CURL_ERROR_SIZE + 32] = "out of memory";
    int sent = 0, permanent = 0, rc;
    if (!curl)
        snprintf(error, sizeof error, "libcurl cannot be loaded");
    else if (c.to_email && c.subject && c.body && c.kind)
        sent = smtp_send(curl, m, error, sizeof error, &permanent) == 0;
    if (sent) {
        rc = mail_store_sent(db, m->id, clock_now());
    } else {
        int last = permanent || m->attempts >= ATTEMPTS_MAX;
        rc = mail_store_attempt_failed(db, m->id, error, last ? 0 : clock_now_ms() + retry_after_ms[m->attempts - 1]);
        log_warn("mailer: mail %lld, attempt %d: %s%s", (long long)m->id, m->attempts, error,
                 last ? " (failed)" : "; tried again later");
    }
    if (rc != 0)
        log_error("mailer: recording the outcome of mail %lld failed", (long long)m->id);
    free(c.to_email);
    free(c.subject);
    free(c.body);
    free(c.kind);
    return 1;
}

static void *mailer_main(void *arg)
{
    (void)arg;
    log_context_set("thread=mailer");
    while (!bg_thread_stopping(&bg)) {
        int sent = send_next();
        if (sent < 0)
            log_error("mailer: reading the queue failed");
        if (sent == 1)
            continue;
        struct pollfd p = {bg.wake_fd, POLLIN, 0};
        if (poll(&p, 1, IDLE_WAIT_MS) > 0)
            bg_thread_drain(&bg);
    }
    return NULL;
}

int mailer_start(const struct config *cfg)
{
    if (!cfg->smtp_url[0])
        return 0;
    public_host(cfg->public_url, host, sizeof host);
    if (cfg->smtp_from[0])
        snprintf(from_addr, sizeof from_addr, "%s", cfg->smtp_from);
    else
        snprintf(from_addr, sizeof from_addr, "marketplace@%s", host);
    return bg_thread_start(&bg, cfg->db_path, &db, mailer_main);
}

void mailer_stop(void)
{
    if (bg_thread_join(&bg))
        bg_thread_close(&bg, &db);
}
