/* What the files of api/ about meetings share: the row, rendering pieces, and
 * the building of a meeting's document (api/meeting_doc.c). */
#ifndef PLAZA_MEETINGS_INTERNAL_H
#define PLAZA_MEETINGS_INTERNAL_H

#include "api/api.h"
#include "api/timeutil.h"

void meeting_copy_member(json_t *dst, const json_t *src, const char *key);
json_t *meeting_join_url(const struct meeting *m);

/* The join URL after its origin: /j/ID?pwd=... (webinars /w/). */
void meeting_join_path(const struct meeting *m, char *out, size_t size);
/* The start URL with a fresh ZAK. */
json_t *meeting_start_url(const struct meeting *m);
/* The object GET answers; with `marked`, \x01 stands for what each request
 * puts in (meeting_object_text). */
json_t *meeting_object_build(struct db *db, const struct meeting *m, const struct user *host, int marked);

/* ---- meeting_texts.c: what a meeting answers, rendered with each change ---- */

/* A growing text; meeting_text_add returns nonzero when out of memory. */
struct meeting_text {
    char *s;
    size_t n, cap;
};
int meeting_text_add(struct meeting_text *t, const char *s, size_t n);

/* A list item (zoom-wire §2.8 List): a summary without settings. */
json_t *meeting_summary(const struct meeting *m);

/* The list item as JSON text in two parts, around the origin of its join URL:
 * head ends with `"join_url":"`, tail starts with the URL's path. The caller
 * frees both; -1 when out of memory. */
int meeting_item_text(const struct meeting *m, char **head, char **tail);

/* The object GET /meetings/{id} answers, as JSON text with marks where each
 * request puts in the host's e-mail, the status, the start URL and the join
 * URL's origin. The caller frees; NULL when out of memory. */
char *meeting_object_text(const struct meeting *m);

/* Renders and keeps the meeting's texts, in the caller's transaction. 0 on success. */
int meeting_texts_store(struct db *db, const struct meeting *m);

/* The object as stored with the meeting's last change, checked as meeting_load
 * checks: 1 served (text, len; the caller frees), 0 when there is none or
 * meeting_load should answer (refusals are its, in its words), -1 failed. */
int meeting_get_stored(struct db *db, const struct meeting_ref *ref, char **text, size_t *len, struct perr *e);

/* meeting_doc.c */
json_t *meeting_default_settings(enum meeting_kind kind);
void meeting_random_chars(char *out, size_t n, const char *alphabet);
void meeting_merge(json_t *base, const json_t *patch);
/* The occurrence of the document with this occurrence_id (borrowed), or NULL. */
json_t *meeting_occurrence(const json_t *doc, const char *occurrence_id);
void meeting_set_password(json_t *doc, const char *password);
/* Recomputes start_time (UTC), occurrences and registration URL after a change. */
int meeting_derive(json_t *doc, enum meeting_kind kind, int type, int64_t now, int64_t *start, struct perr *e);
/* Applies a create or update body to the document, with the checks the schema cannot make. */
int meeting_apply_body(json_t *doc, const json_t *body, enum meeting_kind kind, struct perr *e);

#endif
