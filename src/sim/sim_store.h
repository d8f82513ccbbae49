/* The store of simulated meetings: instances (meeting_instances), their
 * participants (participants) and lines (meeting_lines). Only sim/sim_store.c touches these tables. */
#ifndef PLAZA_SIM_STORE_H
#define PLAZA_SIM_STORE_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* The meeting's instance still running: 1 (uuid, started_at filled), 0 none. */
int sim_store_running(struct db *db, int64_t meeting_id, char uuid[32], int64_t *started_at);
/* The number of instances the meeting has had (0 when the store fails). */
int64_t sim_store_instances(struct db *db, int64_t meeting_id);
/* The meeting's last instance (the latest to start): 1 (uuid and times filled, ended_at 0 while running), 0 none. */
int sim_store_last(struct db *db, int64_t meeting_id, char uuid[32], int64_t *started_at, int64_t *ended_at);
/* An instance of the meeting (running or ended) sharing some time with from..to: 1 (uuid and its times
 * filled, its end the virtual now while running), 0 none, -1 when the store fails. */
int sim_store_overlap(struct db *db, int64_t meeting_id, int64_t from, int64_t to, char uuid[32], int64_t *started_at,
                      int64_t *ended_at);
/* The instance with that uuid: 1 (its meeting and times filled, ended_at 0 while running), 0 none, -1 when
 * the store fails. */
int sim_store_instance(struct db *db, const char *uuid, int64_t *meeting_id, int64_t *started_at, int64_t *ended_at);
/* Calls fn for the meeting's ended instances, the latest to start first, at most `limit`: 0, or -1 when the
 * store fails. */
int sim_store_ended(struct db *db, int64_t meeting_id, int limit,
                    void (*fn)(const char *uuid, int64_t started_at, int64_t ended_at, void *arg), void *arg);
/* Opens the meeting's instance number seq, or closes one: 0 or -1. */
int sim_store_open(struct db *db, const char *uuid, int64_t meeting_id, int64_t started_at, int64_t seq);
int sim_store_close(struct db *db, const char *uuid, int64_t ended_at);
/* Removes an instance with its participants and lines: 0 or -1. */
int sim_store_drop(struct db *db, const char *uuid);

/* A participant as read: the strings are borrowed until the callback returns. */
struct participant_row {
    const char *id;
    int64_t number; /* Zoom's user_id in events: 16778240 and up, in joining order */
    const char *user_id, *name, *email;
    int64_t joined_at;
    int64_t left_at; /* 0 while present */
    const char *role; /* host, panelist or attendee; NULL where not read */
};

/* The number of participants in the instance now (0 when the store fails). */
int64_t participant_store_present(struct db *db, const char *instance_uuid);

struct participant_new {
    const char *id, *instance_uuid, *user_id, *name, *email;
    int64_t joined_at;
    const char *role;
};
/* Adds a participant with the next number and calls fn with the stored row: 1, or 0 when the store failed. */
int participant_store_join(struct db *db, const struct participant_new *p,
                           void (*fn)(const struct participant_row *row, void *arg), void *arg);
/* Marks one participant (id) or every one (NULL) present as left at `now`,
 * calling fn for each (id, number, user_id, name and email set): 0, or -1
 * when the store failed. */
int participant_store_leave(struct db *db, const char *instance_uuid, const char *id, int64_t now,
                            void (*fn)(const struct participant_row *row, void *arg), void *arg);
/* Calls fn for each name and e-mail that took part in the instance, 64 at most. */
void participant_store_people(struct db *db, const char *instance_uuid,
                              void (*fn)(const char *name, const char *email, void *arg), void *arg);
/* Calls fn for each participant of the instance, in joining order. */
void participant_store_list(struct db *db, const char *instance_uuid,
                            void (*fn)(const struct participant_row *row, void *arg), void *arg);

/* Calls fn for the instance's participants numbered after `after`, in joining order, at most `limit`: 0, or
 * -1 when the store fails. */
int participant_store_page(struct db *db, const char *instance_uuid, int64_t after, int limit,
                           void (*fn)(const struct participant_row *row, void *arg), void *arg);
/* How many joined the instance, and the seconds they were in it together (those present until `now`):
 * 0, or -1 when the store fails. */
int participant_store_totals(struct db *db, const char *instance_uuid, int64_t now, int64_t *count, int64_t *seconds);

/* ---- meeting_lines: what participants say and write in the chat ---------------------------------------- */

/* The participant of the instance with that id: 1 with its name and left_at (0 while present), 0 none. */
int participant_store_find(struct db *db, const char *instance_uuid, const char *id, char *name, size_t size,
                           int64_t *left_at);

struct line_row {
    const char *kind; /* say, chat */
    const char *participant_id, *name, *text;
    int64_t at;
};
int line_store_add(struct db *db, const char *instance_uuid, const struct line_row *line);
/* The instance's number of lines (-1 when the store fails). */
int64_t line_store_count(struct db *db, const char *instance_uuid);
/* Calls fn for each line of the instance, in the order they came. */
void line_store_list(struct db *db, const char *instance_uuid, void (*fn)(const struct line_row *row, void *arg),
                     void *arg);

#endif
