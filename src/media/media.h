/* A simulated meeting's recording as real media: the participants' say lines
 * spoken by espeak-ng at their time over a quiet tone, encoded with FFmpeg as
 * an M4A (AAC in MP4) and an MP4 (the same AAC and a simple MPEG-4 video
 * track), with a WebVTT transcript and Zoom's chat file. All in memory. */
#ifndef PLAZA_MEDIA_H
#define PLAZA_MEDIA_H

#include <stddef.h>
#include <stdint.h>

/* Media is at most this long (5 minutes): a longer meeting's files end there.
 * The M4A and MP4 share one AAC encoding; each participant who spoke needs one of
 * their own, and those who said nothing share one. The files are about 1.2 MB each. */
#define MEDIA_MAX_SECONDS 300
/* Only the first participants get their own audio file: each costs an encode. */
#define MEDIA_MAX_PERSON_FILES 8
/* At most this many say or chat lines are rendered (the rest are left out). */
#define MEDIA_MAX_LINES 2000

struct media_line {
    int64_t offset; /* seconds since the instance started */
    const char *name, *text;
};

struct media_out {
    uint8_t *m4a, *mp4; /* av_malloc'ed */
    size_t m4a_len, mp4_len;
    char *vtt, *chat; /* malloc'ed; chat NULL when no chat line was sent */
    size_t vtt_len, chat_len;
    int64_t seconds; /* the media's length */
};

/* Renders the recording of an instance that lasted `seconds`: 0, or -1 with
 * nothing to free. Safe to call from several threads (espeak-ng is serialized). */
int media_render(int64_t seconds, const struct media_line *says, int nsays, const struct media_line *chats,
                 int nchats, struct media_out *out);
void media_free(struct media_out *out);
/* Each participant's own audio as M4A, as long as `whole`: only the say lines
 * named names[i], cut where they are in the whole. Participants whose lines are
 * the same (none, most often) share one encoding. 0 (free each out[i] with
 * av_free), or -1 with nothing to free. */
int media_render_people(const struct media_out *whole, const struct media_line *says, int nsays,
                        const char *const *names, int n, uint8_t **out, size_t *out_len);

/* What a participant hears live (sim/sim_audio.c): the same sound as the
 * recording's, seconds [from, to) of the instance, as mono 16-bit samples at
 * *rate. A line's speech is cut where the next line (among `says`) starts.
 * 0 (free *samples with free()), or -1. */
int media_pcm(int64_t from, int64_t to, const struct media_line *says, int nsays, int16_t **samples, size_t *n,
              int *rate);
/* Samples as a WAV file (FFmpeg's wav muxer, pcm_s16le, mono): 0 (free *out with media_free_bytes), or -1. */
int media_wav(const int16_t *samples, size_t n, int rate, uint8_t **out, size_t *out_len);
void media_free_bytes(void *p);

#endif
