/* Scenarios (scenario.h): a timeline checked whole, then replayed step by
 * step on the virtual clock through the same functions as the control API's
 * single steps, so that each has its events at its simulated time. */
#include "sim/scenario.h"
#include "core/clock.h"
#include "events/events.h"
#include "sim/sim.h"
#include "sim/sim_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const do_names[] = {"start", "join", "say", "chat", "leave", "end"};

int scenario_do_of(const char *name, enum scenario_do *out)
{
    for (int i = 0; i <= DO_END; i++)
        if (name && strcmp(name, do_names[i]) == 0) {
            *out = (enum scenario_do)i;
            return 0;
        }
    return -1;
}

/* The labels joined so far, and whether each has left. */
struct cast {
    const char *label[SCENARIO_STEPS_MAX];
    int left[SCENARIO_STEPS_MAX];
    char id[SCENARIO_STEPS_MAX][64]; /* participant ids, once played */
    int n;
};

static int cast_find(const struct cast *c, const char *label)
{
    for (int i = 0; label && i < c->n; i++)
        if (strcmp(c->label[i], label) == 0)
            return i;
    return -1;
}

static void step_field(struct perr *e, int i, const char *member, const char *why)
{
    char field[64];
    snprintf(field, sizeof field, "steps[%d].%s", i, member);
    perr_field(e, field, "%s", why);
}

/* One step against what came before it: its time, its action's members, who it names. */
static void check_step(const struct scenario_step *s, int i, int64_t before, struct cast *c, struct perr *e)
{
    if (s->at < 0)
        step_field(e, i, "at", "is in the past: seconds from the scenario's beginning, 0 and up");
    else if (s->at < before)
        step_field(e, i, "at", "is before the step above: steps come in the order of their times");
    else if (s->at > SCENARIO_SPAN_MAX)
        step_field(e, i, "at", "is more than 24 hours after the beginning");
    int who = cast_find(c, s->who);
    switch (s->act) {
    case DO_START:
    case DO_END:
        break;
    case DO_JOIN:
        if (!s->name || !*s->name)
            step_field(e, i, "name", "is required to join");
        if (!s->who || !*s->who)
            step_field(e, i, "as", "is required: the label later steps name this participant by");
        else if (who >= 0)
            step_field(e, i, "as", "is taken by an earlier join");
        else
            c->label[c->n++] = s->who;
        break;
    case DO_SAY:
    case DO_CHAT:
    case DO_LEAVE:
        if (who < 0)
            step_field(e, i, "who", "is not a participant who joined in an earlier step");
        else if (c->left[who])
            step_field(e, i, "who", "has left by then");
        else if (s->act == DO_LEAVE)
            c->left[who] = 1;
        if (s->act != DO_LEAVE && (!s->text || !*s->text))
            step_field(e, i, "text", "is required");
        break;
    }
}

/* The shape of the timeline: it starts the meeting first, ends it at most once and last. */
static int check(const struct scenario_step *steps, int n, struct cast *c, struct perr *e)
{
    if (n < 1 || n > SCENARIO_STEPS_MAX)
        return perr_field(e, "steps", "must hold 1 to %d steps", SCENARIO_STEPS_MAX);
    if (steps[0].act != DO_START)
        step_field(e, 0, "do", "must be start: a scenario starts the meeting");
    for (int i = 0; i < n; i++) {
        if (i > 0 && steps[i].act == DO_START)
            step_field(e, i, "do", "start comes first and once");
        if (steps[i].act == DO_END && i != n - 1)
            step_field(e, i, "do", "end comes last: nothing happens in a meeting after it ends");
        check_step(&steps[i], i, i ? steps[i - 1].at : 0, c, e);
    }
    return e->kind == PERR_NONE ? 0 : -1;
}

/* Plays one step at the clock's now. */
static int play_step(struct db *db, const char *meeting, const struct scenario_step *s, struct cast *c, json_t **out,
                     struct perr *e)
{
    int who = cast_find(c, s->who);
    switch (s->act) {
    case DO_START:
        return sim_start(db, meeting, out, e);
    case DO_JOIN: {
        int rc = sim_join(db, meeting, s->name, s->email, out, e);
        if (rc == 0) {
            int k = c->n++;
            c->label[k] = s->who;
            snprintf(c->id[k], sizeof c->id[k], "%s", json_string_value(json_object_get(*out, "id")));
        }
        return rc;
    }
    case DO_SAY:
    case DO_CHAT: {
        struct sim_line line = {s->act == DO_SAY ? "say" : "chat", c->id[who], s->text};
        return sim_line(db, meeting, &line, out, e);
    }
    case DO_LEAVE:
        if (sim_leave(db, meeting, c->id[who], e) != 0)
            return -1;
        *out = json_pack("{s:s}", "left", c->id[who]);
        return 0;
    case DO_END:
        return sim_end(db, meeting, s->record, out, e);
    }
    return -1;
}

/* A timeline replayed in the past from `past`: over before the virtual now, ending the meeting, and clear of
 * the meeting's other instances. */
static int check_past(struct db *db, const char *meeting, const struct scenario_step *steps, int n, int64_t past,
                      struct perr *e)
{
    int64_t now = clock_now(), until = past + steps[n - 1].at;
    char t[21];
    clock_format(now, t);
    if (past >= now)
        return perr_field(e, "at", "is not in the past: the virtual now is %s", t);
    if (past < now - SCENARIO_PAST_MAX)
        return perr_field(e, "at", "is more than ten years before the virtual now (%s)", t);
    if (until >= now)
        return perr_field(e, "at", "plus the last step's at (%lld s) reaches the virtual now (%s): a timeline in "
                          "the past ends before now", (long long)steps[n - 1].at, t);
    if (steps[n - 1].act != DO_END) {
        char field[32];
        snprintf(field, sizeof field, "steps[%d].do", n - 1);
        return perr_field(e, field, "must be end: a timeline in the past ends the meeting");
    }
    return sim_past_check(db, meeting, past, until, e);
}

/* Undoes a timeline in the past that failed while playing: its instance goes, with its participants and lines
 * (the start left the meeting's status alone, and an end that failed stored nothing). */
static void drop_past(struct db *db, const char *uuid)
{
    if (*uuid)
        sim_store_drop(db, uuid);
}

int scenario_play(struct db *db, const char *meeting, const struct scenario_step *steps, int n, int64_t past,
                  json_t **out, struct perr *e)
{
    struct cast *cast = calloc(1, sizeof *cast); /* large: not on the stack */
    if (!cast)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    int rc = check(steps, n, cast, e);
    if (rc == 0 && past)
        rc = check_past(db, meeting, steps, n, past, e);
    memset(cast, 0, sizeof *cast);
    json_t *answers = rc == 0 ? json_array() : NULL;
    int64_t at = 0;
    char past_uuid[32] = ""; /* the instance a timeline in the past opened */
    if (rc == 0 && past)
        events_hold(1);
    for (int i = 0; rc == 0 && i < n; i++) {
        json_t *one = NULL;
        if (past) {
            sim_stamp(past + steps[i].at);
        } else if (steps[i].at > at && clock_advance(db, steps[i].at - at) != 0) {
            rc = perr_set(e, PERR_INTERNAL, "Moving the clock to step %d failed.", i);
            break;
        }
        at = steps[i].at;
        if (play_step(db, meeting, &steps[i], cast, &one, e) != 0) {
            char why[sizeof e->message];
            snprintf(why, sizeof why, "%s", e->message);
            if (past) /* undone below: a timeline in the past happens whole or not at all */
                snprintf(e->message, sizeof e->message, "Step %d (%s) failed, nothing was kept: %.180s", i,
                         do_names[steps[i].act], why);
            else
                snprintf(e->message, sizeof e->message, "Step %d (%s) failed after %d played: %.180s", i,
                         do_names[steps[i].act], i, why);
            rc = -1;
            break;
        }
        if (past && steps[i].act == DO_START)
            snprintf(past_uuid, sizeof past_uuid, "%s", json_string_value(json_object_get(one, "uuid")));
        json_object_set_new(one, "do", json_string(do_names[steps[i].act]));
        json_array_append_new(answers, one);
    }
    sim_stamp(0);
    events_hold(0);
    if (rc != 0 && past)
        drop_past(db, past_uuid);
    if (rc == 0) {
        json_t *who = json_object();
        for (int k = 0; k < cast->n; k++)
            json_object_set_new(who, cast->label[k], json_string(cast->id[k]));
        *out = json_pack("{s:s,s:o,s:o}", "meeting_id", meeting, "steps", answers, "participants", who);
        if (past) {
            char t[21];
            clock_format(past, t);
            json_object_set_new(*out, "at", json_string(t));
        }
    } else {
        json_decref(answers);
    }
    free(cast);
    return rc;
}
