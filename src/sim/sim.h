/* Simulated meetings: what happens in Zoom's meeting rooms, driven from the
 * control API. A start opens an instance, participants join and leave, the end
 * closes it and, with cloud recording, produces the recording. Each step
 * changes the REST API's state and writes Zoom's event in the same transaction
 * (zoom-wire §3.5: string ids in these events). */
#ifndef PLAZA_SIM_H
#define PLAZA_SIM_H

#include "api/api.h"
#include "core/err.h"

#include <jansson.h>

struct db;

/* The time steps happen at: the virtual now, unless a scenario replayed in the
 * past set this thread's stamp (sim_stamp(t); 0 clears it). While the stamp is
 * set, a start leaves the meeting's status alone (it is not in progress now)
 * and an end sets it only when its instance is the meeting's latest. */
int64_t sim_time(void);
void sim_stamp(int64_t t);
/* Whether an instance from `from` to `to` can be replayed in the past: the
 * meeting exists, is not in progress, and has no recorded instance in that
 * time. 0, or -1 with the reason. */
int sim_past_check(struct db *db, const char *meeting, int64_t from, int64_t to, struct perr *e);

/* `meeting` is a meeting or webinar number. Each returns a JSON description of
 * the instance or participant for the control API. */
int sim_start(struct db *db, const char *meeting, json_t **out, struct perr *e);
int sim_join(struct db *db, const char *meeting, const char *name, const char *email, json_t **out, struct perr *e);
/* role: "attendee" (the default), "panelist" (a webinar's, by e-mail) or "host" (the host's own e-mail; a
 * participant whose e-mail is the host's joins as host unless asked otherwise). */
int sim_join_as(struct db *db, const char *meeting, const char *name, const char *email, const char *role,
                json_t **out, struct perr *e);
int sim_leave(struct db *db, const char *meeting, const char *participant_id, struct perr *e);
/* record: 1 makes a cloud recording, 0 not, -1 follows the meeting's auto_recording setting. */
int sim_end(struct db *db, const char *meeting, int record, json_t **out, struct perr *e);
/* PUT /meetings/{id}/status for the caller: "recover" through the API,
 * "end" of a meeting in progress through sim_end (cloud recording as the
 * meeting's auto_recording says); ending one not in progress changes nothing. */
int sim_status(struct db *db, const struct meeting_ref *ref, json_t *body, struct perr *e);
/* A participant present in the meeting in progress says something (kind
 * "say": it goes into the recording's transcript) or writes to everyone in
 * the meeting's chat ("chat": the recording's chat file), at the virtual now. */
#define SIM_LINE_MAX 1024       /* bytes of one line */
#define SIM_LINES_MAX 10000     /* lines of one instance */
struct sim_line {
    const char *kind, *participant_id, *text;
};
int sim_line(struct db *db, const char *meeting, const struct sim_line *line, json_t **out, struct perr *e);
/* What a participant hears (sim_audio.c): mono 16-bit PCM of the instance
 * from `from` seconds after its start up to the virtual now, at most
 * SIM_AUDIO_WINDOW_MAX seconds a call, for a participant present with the
 * token of its audio_url (the join answers it). */
#define SIM_AUDIO_TOKEN 33        /* 32 base64url characters and a NUL */
#define SIM_AUDIO_WINDOW_MAX 60   /* seconds of audio one call answers */
#define SIM_AUDIO_FROM_MAX 86400  /* a day into the meeting */
struct sim_audio_in {
    const char *meeting, *participant_id, *token;
    int64_t from;
};
struct sim_audio_out {
    int16_t *samples; /* free() it */
    size_t nsamples;
    int rate;
    int64_t from, to; /* the window answered, in seconds from the start */
};
int sim_audio(struct db *db, const struct sim_audio_in *in, struct sim_audio_out *out, struct perr *e);
void sim_audio_token(const char *instance_uuid, const char *participant_id, char out[SIM_AUDIO_TOKEN]);
/* <public url>/_plaza/meetings/{id}/audio?participant_id=&token= */
void sim_audio_url(int64_t meeting_id, const char *instance_uuid, const char *participant_id, char *out, size_t size);

/* ---- past meetings and webinars (past.c): the REST API's view of ended instances ---- */

#define PAST_INSTANCES_MAX 1000 /* the latest ended instances a list shows */
struct past_query {
    const char *page_size, *next_page_token;
};
/* GET /past_meetings/{meetingId}, and with `report` GET /report/meetings/{meetingId} and
 * /report/webinars/{webinarId} (paid plans only): a meeting number names its latest ended
 * instance, a UUID (double-encoded or not) that one; 404/3001 while none has
 * ended, 400/12702 for one that started more than a year ago. */
int past_meeting_get(struct db *db, const struct meeting_ref *ref, int report, json_t **out, struct perr *e);
/* GET /past_meetings/{meetingId}/instances and /past_webinars/{webinarId}/instances:
 * {"meetings"|"webinars":[{uuid,start_time}]}, the latest first. */
int past_instances(struct db *db, const struct meeting_ref *ref, json_t **out, struct perr *e);
/* GET /past_meetings/{meetingId}/participants and /past_webinars/{webinarId}/participants, and
 * with `report` their /report/meetings and /report/webinars forms: a page of everyone who joined
 * the instance, in joining order (paid plans only). */
int past_participants(struct db *db, const struct meeting_ref *ref, const struct past_query *q, int report,
                      json_t **out, struct perr *e);

/* The current (or last) instance with its participants and lines. */
int sim_state(struct db *db, const char *meeting, json_t **out, struct perr *e);

#endif
