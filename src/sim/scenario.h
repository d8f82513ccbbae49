/* A whole simulated meeting in one call: a timeline of steps (start, join,
 * say, chat, leave, end) replayed on the virtual clock, each at its time from
 * the scenario's beginning. The timeline is checked whole before anything
 * happens: steps out of order, in the past, naming someone who has not
 * joined or has left, or otherwise wrong are refused, naming the step. */
#ifndef PLAZA_SCENARIO_H
#define PLAZA_SCENARIO_H

#include "core/err.h"

#include <jansson.h>
#include <stdint.h>

struct db;

#define SCENARIO_STEPS_MAX 500
#define SCENARIO_SPAN_MAX (24 * 3600) /* seconds from the first step to the last */

enum scenario_do { DO_START, DO_JOIN, DO_SAY, DO_CHAT, DO_LEAVE, DO_END };

struct scenario_step {
    int64_t at; /* seconds from the scenario's beginning, 0 and up, never less than the step before */
    enum scenario_do act;
    const char *who;          /* join: the label later steps name it by; say, chat, leave: a joined label */
    const char *name, *email; /* join */
    const char *text;         /* say, chat */
    int record;               /* end: 1, 0, or -1 (the meeting's auto_recording) */
};

/* The step's action from its name ("start", "join", ...): 0, or -1 when unknown. */
int scenario_do_of(const char *name, enum scenario_do *out);

#define SCENARIO_PAST_MAX (10LL * 366 * 24 * 3600) /* a replay in the past starts at most ten years ago */

/* Checks the timeline, then plays it: the clock moves forward to each step's
 * time and the step happens then, with its events. *out: {meeting_id, steps:
 * [each step's answer], participants: {label: participant id}}. A step that
 * fails while playing stops the rest; the error names it, and the steps before
 * stay done.
 *
 * With `past` (epoch seconds, 0 for none) the timeline is history: it begins
 * at `past`, must end the meeting before the virtual now, and the meeting
 * must not be in progress nor have an instance in that time. Each step
 * happens at past + at without moving the clock, and sends no webhooks (Zoom
 * sends none for what happened before now). *out also has "at". */
int scenario_play(struct db *db, const char *meeting, const struct scenario_step *steps, int n, int64_t past,
                  json_t **out, struct perr *e);

#endif
