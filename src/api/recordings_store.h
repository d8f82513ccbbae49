/* The store of cloud recordings (recordings) and their files
 * (recording_files). Only api/recordings_store.c touches these tables. */
#ifndef PLAZA_RECORDINGS_STORE_H
#define PLAZA_RECORDINGS_STORE_H

#include "api/api.h"

#include <stddef.h>
#include <stdint.h>

struct db;

/* One recording: an instance of a meeting. */
struct recording_row {
    char uuid[32], account_id[ID_LEN], host_id[ID_LEN], password[16];
    int64_t meeting_id, start_time, duration;
};

/* A file of a recording; as read, the strings are borrowed until the callback returns. */
struct recording_file {
    const char *id, *recording_uuid, *kind, *file_type, *recording_type, *file_name, *status;
    int64_t size, start, end;
    int seq;
    int trashed; /* then trashed_at says when */
    int64_t trashed_at;
};

int recording_store_insert(struct db *db, const struct recording_row *r, int64_t now);
/* A completed file (id, recording_uuid, kind, types, name, size, start, end, seq): 0 or -1. */
int recording_store_add_file(struct db *db, const struct recording_file *f);
/* The bytes of a file, served at its download_url: 0 or -1. */
int recording_store_add_media(struct db *db, const char *file_id, const char *content_type, const void *data,
                              size_t size);

/* A live file's bytes with what deciding who may read them needs; borrowed until fn returns. */
struct recording_media {
    const char *file_id, *recording_uuid, *account_id, *host_id, *file_type, *content_type;
    const void *data;
    size_t size;
};
/* Calls fn with the live file's media: 1 found, 0 not (or the store failed). */
int recording_store_media(struct db *db, const char *file_id,
                          void (*fn)(const struct recording_media *m, void *arg), void *arg);

/* Calls fn for each trashed (trash 1) or live (0) file of the recording, in order. */
void recording_store_files(struct db *db, const char *uuid, int trash,
                           void (*fn)(const struct recording_file *f, void *arg), void *arg);

/* The latest recording of the meeting that has a live file: 1 found, 0 not. */
int recording_store_latest(struct db *db, int64_t meeting_id, struct recording_row *out);
/* The recording a live file belongs to: 1 found, 0 not. */
int recording_store_of_file(struct db *db, const char *file_id, struct recording_row *out);
/* The recording of an instance: 1 found, 0 not. */
int recording_store_get(struct db *db, const char *uuid, struct recording_row *out);

/* An account's recordings, or one host's (host_id not NULL), that started in
 * [from, to) with trashed (trash 1) or live (0) files, of one meeting
 * (meeting_id > 0) or all, newest first after the keyset (after_time, after_uuid). */
struct recording_filter {
    const char *account_id, *host_id;
    int64_t from, to, meeting_id;
    int trash;
    int64_t after_time;
    const char *after_uuid;
    int64_t limit;
};
/* The number of recordings of the filter, keyset and limit ignored (0 when the store fails). */
int64_t recording_store_count(struct db *db, const struct recording_filter *f);
/* Calls fn for each recording of the page until fn returns nonzero. */
void recording_store_page(struct db *db, const struct recording_filter *f,
                          int (*fn)(const struct recording_row *r, void *arg), void *arg);

/* One live file to the trash, or deleted: the number of files changed, or -1. */
int64_t recording_store_trash_file(struct db *db, const char *uuid, const char *file_id, int64_t now);
int64_t recording_store_delete_file(struct db *db, const char *uuid, const char *file_id);
/* Every live file of the recording to the trash, or the recording deleted: 0 or -1. */
int recording_store_trash(struct db *db, const char *uuid, int64_t now);
int recording_store_delete(struct db *db, const char *uuid);

#endif
