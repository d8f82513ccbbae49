/* What a participant hears of a simulated meeting in progress: the say lines
 * spoken at their time over the meeting's quiet tone, as the recording has
 * them (media/media.h), read in windows of the instance's timeline up to the
 * virtual now. A participant reads it with the audio token it was given when
 * it joined, while it is in the meeting. */
#include "sim/sim.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "media/media.h"
#include "sim/sim_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sim_audio_token(const char *instance_uuid, const char *participant_id, char out[SIM_AUDIO_TOKEN])
{
    const struct config *c = config();
    uint8_t mac[32];
    /* the instance and the participant, each ended by its NUL, under plaza's token key */
    char msg[160];
    int n = snprintf(msg, sizeof msg, "plaza-audio%c%s%c%s", 0, instance_uuid, 0, participant_id);
    crypto_hmac_sha256(c->token_key, sizeof c->token_key, msg, n > 0 && (size_t)n < sizeof msg ? (size_t)n : 0,
                       mac);
    crypto_b64url(out, SIM_AUDIO_TOKEN, mac, 24);
}

void sim_audio_url(int64_t meeting_id, const char *instance_uuid, const char *participant_id, char *out, size_t size)
{
    char token[SIM_AUDIO_TOKEN];
    sim_audio_token(instance_uuid, participant_id, token);
    snprintf(out, size, "%s/_plaza/meetings/%lld/audio?participant_id=%s&token=%s", config()->public_url,
             (long long)meeting_id, participant_id, token);
}

/* The say lines of the instance as offsets from its start. */
struct says {
    struct media_line *lines;
    int n, cap;
    int64_t started_at;
    char *text; /* the lines' names and texts, packed */
    size_t used, size;
};

static const char *keep(struct says *s, const char *str)
{
    size_t len = strlen(str) + 1;
    if (s->used + len > s->size)
        return NULL;
    char *p = s->text + s->used;
    memcpy(p, str, len);
    s->used += len;
    return p;
}

static void add_say(const struct line_row *l, void *arg)
{
    struct says *s = arg;
    if (strcmp(l->kind, "say") != 0 || s->n == s->cap)
        return;
    const char *name = keep(s, l->name), *text = keep(s, l->text);
    if (!name || !text)
        return;
    s->lines[s->n++] = (struct media_line){l->at - s->started_at, name, text};
}

int sim_audio(struct db *db, const struct sim_audio_in *in, struct sim_audio_out *out, struct perr *e)
{
    memset(out, 0, sizeof *out);
    if (!in->participant_id || !*in->participant_id || strlen(in->participant_id) >= 64)
        perr_field(e, "participant_id", "is required: the id the join answered");
    if (!in->token || !*in->token)
        perr_field(e, "token", "is required: the audio token the join answered (in its audio_url)");
    if (in->from < 0 || in->from > SIM_AUDIO_FROM_MAX)
        perr_field(e, "from", "must be 0 to %d seconds from the meeting's start", SIM_AUDIO_FROM_MAX);
    if (e->kind != PERR_NONE)
        return -1;
    struct meeting m;
    int found = meeting_find(db, in->meeting, &m);
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the meeting failed.");
    if (found == 0 || m.deleted_at) {
        if (found)
            meeting_clear(&m);
        return perr_set(e, PERR_NOT_FOUND, "Meeting %.30s does not exist.", in->meeting);
    }
    int64_t meeting_id = m.id;
    meeting_clear(&m);
    char uuid[32], expected[SIM_AUDIO_TOKEN], name[200];
    int64_t started_at, left_at = 0;
    if (!sim_store_running(db, meeting_id, uuid, &started_at))
        return perr_set(e, PERR_CONFLICT, "The meeting is not in progress: there is nothing to hear.");
    sim_audio_token(uuid, in->participant_id, expected);
    /* a token of another participant or instance is as good as none */
    if (strlen(in->token) != strlen(expected) || !crypto_equal(in->token, expected, strlen(expected)))
        return perr_set(e, PERR_UNAUTHORIZED, "The audio token is not this participant's in this meeting.");
    if (participant_store_find(db, uuid, in->participant_id, name, sizeof name, &left_at) != 1)
        return perr_set(e, PERR_NOT_FOUND, "Participant %.64s is not in this meeting.", in->participant_id);
    if (left_at)
        return perr_set(e, PERR_CONFLICT, "Participant %.64s has left the meeting.", in->participant_id);

    int64_t now = clock_now() - started_at;
    int64_t to = in->from + SIM_AUDIO_WINDOW_MAX;
    if (to > now)
        to = now;
    out->from = in->from;
    out->to = to > in->from ? to : in->from;
    struct says s = {calloc(MEDIA_MAX_LINES, sizeof *s.lines), 0, MEDIA_MAX_LINES, started_at,
                     malloc(1 << 20), 0, 1 << 20};
    if (!s.lines || !s.text) {
        free(s.lines);
        free(s.text);
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    }
    line_store_list(db, uuid, add_say, &s);
    int rc = media_pcm(out->from, out->to, s.lines, s.n, &out->samples, &out->nsamples, &out->rate);
    free(s.lines);
    free(s.text);
    if (rc != 0)
        return perr_set(e, PERR_INTERNAL, "Rendering the meeting's audio failed.");
    return 0;
}
