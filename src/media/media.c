/* Recording media (media.h). Speech: espeak-ng in synchronous mode, one
 * process-wide instance behind a mutex (it is not thread-safe). A line's speech
 * starts at its offset and is cut where the next say line starts (or the media
 * ends), so the cues never overlap. Where nobody speaks a quiet 440 Hz tone
 * plays. Encoding: FFmpeg's native aac encoder, and mpeg4 for a 320x180 1 fps
 * video whose bar moves each second, muxed to MP4 into a growing buffer. */
#include "media/media.h"

#include <espeak-ng/speak_lib.h>
#include <espeak-ng/espeak_ng.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TONE_HZ 440 /* whole hertz: the tone repeats every second */
#define TONE_AMPLITUDE 300 /* of 32767: quiet */
#define AUDIO_BITRATE 32000
#define AUDIO_CUTOFF_HZ 8000 /* speech's band: the encoder analyses less (about a fifth faster) */
#define VIDEO_W 320
#define VIDEO_H 180
#define VIDEO_FPS 1
#define LINE_TEXT_MAX 6144 /* a say line (at most 1024 bytes) with its characters escaped */

/* ---- speech ------------------------------------------------------------------- */

static pthread_mutex_t speech_lock = PTHREAD_MUTEX_INITIALIZER;
static int speech_rate; /* 0: not initialised, -1: failed */

/* The samples of the utterance being synthesized (under speech_lock). */
static struct {
    int16_t *s;
    size_t n, cap, max;
} utter;

static int collect(short *wav, int n, espeak_EVENT *ev)
{
    (void)ev;
    for (int i = 0; wav && i < n && utter.n < utter.max; i++) {
        if (utter.n == utter.cap) {
            size_t cap = utter.cap ? utter.cap * 2 : 16384;
            int16_t *s = realloc(utter.s, cap * sizeof *s);
            if (!s)
                return 1; /* stop synthesis */
            utter.s = s;
            utter.cap = cap;
        }
        utter.s[utter.n++] = wav[i];
    }
    return utter.n >= utter.max; /* enough: stop */
}

static int speech_init_locked(void)
{
    if (speech_rate)
        return speech_rate;
    av_log_set_level(AV_LOG_ERROR); /* the muxers' notices are not plaza's log */
    espeak_ng_InitializePath(NULL);
    espeak_ng_ERROR_CONTEXT ctx = NULL;
    if (espeak_ng_Initialize(&ctx) != ENS_OK || espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL) != ENS_OK) {
        espeak_ng_ClearErrorContext(&ctx);
        return speech_rate = -1;
    }
    espeak_SetSynthCallback(collect);
    espeak_ng_SetVoiceByName("en");
    int rate = espeak_ng_GetSampleRate();
    return speech_rate = rate > 0 ? rate : -1;
}

/* The sample rate of speech (and so of the media), or -1 when espeak-ng cannot start. */
static int speech_rate_get(void)
{
    pthread_mutex_lock(&speech_lock);
    int r = speech_init_locked();
    pthread_mutex_unlock(&speech_lock);
    return r;
}

/* Speaks text into pcm (at most max samples): the number of samples written. */
static size_t speak(const char *text, int16_t *pcm, size_t max)
{
    if (max == 0 || !text || !*text)
        return 0;
    pthread_mutex_lock(&speech_lock);
    size_t n = 0;
    if (speech_init_locked() > 0) {
        utter.n = 0;
        utter.max = max;
        espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
        n = utter.n;
        memcpy(pcm, utter.s, n * sizeof *pcm);
    }
    pthread_mutex_unlock(&speech_lock);
    return n;
}

/* ---- a growing, seekable output buffer ---------------------------------------- */

struct membuf {
    uint8_t *data;
    size_t len, cap, pos;
};

static int mem_write(void *opaque, uint8_t *buf, int size)
{
    struct membuf *m = opaque;
    size_t end = m->pos + (size_t)size;
    if (end > m->cap) {
        size_t cap = m->cap ? m->cap : 65536;
        while (cap < end)
            cap *= 2;
        uint8_t *d = av_realloc(m->data, cap);
        if (!d)
            return AVERROR(ENOMEM);
        m->data = d;
        m->cap = cap;
    }
    memcpy(m->data + m->pos, buf, (size_t)size);
    m->pos = end;
    if (end > m->len)
        m->len = end;
    return size;
}

static int64_t mem_seek(void *opaque, int64_t offset, int whence)
{
    struct membuf *m = opaque;
    int64_t base;
    switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE: return (int64_t)m->len;
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (int64_t)m->pos; break;
    case SEEK_END: base = (int64_t)m->len; break;
    default: return -1;
    }
    if (base + offset < 0)
        return -1;
    m->pos = (size_t)(base + offset);
    return (int64_t)m->pos;
}

/* ---- encoding ----------------------------------------------------------------- */

/* One output file: its muxer writing into memory, with an audio stream and,
 * for "mp4", a video stream. The encoders are shared: each packet is written
 * to every sink that has its kind of stream. */
struct sink {
    AVFormatContext *oc;
    AVStream *as, *vs;
    AVIOContext *io;
    struct membuf mem;
};

static int sink_alloc(struct sink *s, const char *format)
{
    memset(s, 0, sizeof *s);
    if (avformat_alloc_output_context2(&s->oc, NULL, format, NULL) < 0)
        return -1;
    uint8_t *iobuf = av_malloc(65536);
    if (!iobuf || !(s->io = avio_alloc_context(iobuf, 65536, 1, &s->mem, NULL, mem_write, mem_seek))) {
        av_free(iobuf);
        return -1;
    }
    s->oc->pb = s->io;
    return 0;
}

/* Frees the sink; its bytes go to *out when out is not NULL (else they are freed). */
static void sink_free(struct sink *s, uint8_t **out, size_t *out_len)
{
    if (s->io) {
        av_freep(&s->io->buffer);
        avio_context_free(&s->io);
    }
    avformat_free_context(s->oc);
    if (out) {
        *out = s->mem.data;
        *out_len = s->mem.len;
    } else {
        av_free(s->mem.data);
    }
    memset(s, 0, sizeof *s);
}

static AVStream *add_stream(AVFormatContext *oc, AVCodecContext *c)
{
    AVStream *st = avformat_new_stream(oc, NULL);
    if (!st || avcodec_parameters_from_context(st->codecpar, c) < 0)
        return NULL;
    st->time_base = c->time_base;
    return st;
}

/* Every packet the encoder has ready, to each sink's stream of its kind. */
static int drain(AVCodecContext *c, AVPacket *pkt, AVPacket *copy, struct sink *sinks, int nsinks, int video)
{
    int r;
    while ((r = avcodec_receive_packet(c, pkt)) == 0) {
        for (int i = 0; i < nsinks; i++) {
            AVStream *st = video ? sinks[i].vs : sinks[i].as;
            if (!st)
                continue;
            if (av_packet_ref(copy, pkt) < 0) {
                av_packet_unref(pkt);
                return -1;
            }
            av_packet_rescale_ts(copy, c->time_base, st->time_base);
            copy->stream_index = st->index;
            if (av_interleaved_write_frame(sinks[i].oc, copy) < 0) { /* takes copy's reference */
                av_packet_unref(pkt);
                return -1;
            }
        }
        av_packet_unref(pkt);
    }
    return r == AVERROR(EAGAIN) || r == AVERROR_EOF ? 0 : -1;
}

static AVCodecContext *open_audio(int rate, int global_header)
{
    const AVCodec *codec = avcodec_find_encoder_by_name("aac");
    AVCodecContext *c = codec ? avcodec_alloc_context3(codec) : NULL;
    if (!c)
        return NULL;
    c->sample_fmt = AV_SAMPLE_FMT_FLTP;
    c->sample_rate = rate;
    c->bit_rate = AUDIO_BITRATE;
    c->cutoff = AUDIO_CUTOFF_HZ;
    av_channel_layout_default(&c->ch_layout, 1);
    c->time_base = (AVRational){1, rate};
    if (global_header)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (avcodec_open2(c, codec, NULL) < 0)
        avcodec_free_context(&c);
    return c;
}

static AVCodecContext *open_video(int global_header)
{
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
    AVCodecContext *c = codec ? avcodec_alloc_context3(codec) : NULL;
    if (!c)
        return NULL;
    c->width = VIDEO_W;
    c->height = VIDEO_H;
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->time_base = (AVRational){1, VIDEO_FPS};
    c->framerate = (AVRational){VIDEO_FPS, 1};
    c->gop_size = 10;
    c->bit_rate = 50000;
    if (global_header)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (avcodec_open2(c, codec, NULL) < 0)
        avcodec_free_context(&c);
    return c;
}

/* A plain blue frame with a light bar that moves a step each second. */
static int draw_frame(AVFrame *f, int64_t second)
{
    if (av_frame_make_writable(f) < 0)
        return -1;
    int bar = (int)(second * 8 % VIDEO_W);
    for (int y = 0; y < VIDEO_H; y++)
        for (int x = 0; x < VIDEO_W; x++)
            f->data[0][y * f->linesize[0] + x] = (uint8_t)(x >= bar && x < bar + 8 ? 235 : 60);
    for (int y = 0; y < VIDEO_H / 2; y++) {
        memset(f->data[1] + y * f->linesize[1], 170, VIDEO_W / 2);
        memset(f->data[2] + y * f->linesize[2], 110, VIDEO_W / 2);
    }
    f->pts = second;
    return 0;
}

/* Encodes pcm (n samples at rate) once, as AAC (and, when a sink is "mp4", the
 * video), muxed into each of the sinks, whose formats are "ipod" (M4A) or "mp4"
 * (audio and video): 0 with each out[i] set (av_free), or -1 with nothing to free. */
static int encode(const int16_t *pcm, size_t n, int rate, int64_t seconds, const char *const *formats, int nsinks,
                  uint8_t **out, size_t *out_len)
{
    struct sink sinks[2];
    AVCodecContext *a = NULL, *v = NULL;
    AVPacket *pkt = av_packet_alloc(), *copy = av_packet_alloc();
    AVFrame *af = NULL, *vf = NULL;
    int rc = -1, opened = 0, gh = 0, with_video = 0;
    if (nsinks < 1 || nsinks > 2 || !pkt || !copy)
        goto out;
    for (; opened < nsinks; opened++) {
        if (sink_alloc(&sinks[opened], formats[opened]) != 0) {
            opened++;
            goto out;
        }
        gh |= (sinks[opened].oc->oformat->flags & AVFMT_GLOBALHEADER) != 0;
        with_video |= strcmp(formats[opened], "mp4") == 0;
    }
    if (!(a = open_audio(rate, gh)) || (with_video && !(v = open_video(gh))))
        goto out;
    for (int i = 0; i < nsinks; i++) {
        if (!(sinks[i].as = add_stream(sinks[i].oc, a)))
            goto out;
        if (strcmp(formats[i], "mp4") == 0 && !(sinks[i].vs = add_stream(sinks[i].oc, v)))
            goto out;
        if (avformat_write_header(sinks[i].oc, NULL) < 0)
            goto out;
    }
    if (!(af = av_frame_alloc()))
        goto out;
    af->format = AV_SAMPLE_FMT_FLTP;
    af->sample_rate = rate;
    av_channel_layout_default(&af->ch_layout, 1);
    af->nb_samples = a->frame_size;
    if (av_frame_get_buffer(af, 0) < 0)
        goto out;
    if (with_video) {
        if (!(vf = av_frame_alloc()))
            goto out;
        vf->format = AV_PIX_FMT_YUV420P;
        vf->width = VIDEO_W;
        vf->height = VIDEO_H;
        if (av_frame_get_buffer(vf, 0) < 0)
            goto out;
    }
    size_t done = 0;
    for (int64_t s = 0; s < seconds; s++) {
        if (with_video && (draw_frame(vf, s) < 0 || avcodec_send_frame(v, vf) < 0 ||
                           drain(v, pkt, copy, sinks, nsinks, 1) < 0))
            goto out;
        size_t until = (size_t)(s + 1) * (size_t)rate;
        if (until > n)
            until = n;
        while (done < until) {
            size_t k = n - done < (size_t)a->frame_size ? n - done : (size_t)a->frame_size;
            if (av_frame_make_writable(af) < 0)
                goto out;
            af->nb_samples = (int)k;
            float *dst = (float *)af->data[0];
            for (size_t i = 0; i < k; i++)
                dst[i] = (float)pcm[done + i] / 32768.0f;
            af->pts = (int64_t)done;
            if (avcodec_send_frame(a, af) < 0 || drain(a, pkt, copy, sinks, nsinks, 0) < 0)
                goto out;
            done += k;
        }
    }
    if (avcodec_send_frame(a, NULL) < 0 || drain(a, pkt, copy, sinks, nsinks, 0) < 0)
        goto out;
    if (with_video && (avcodec_send_frame(v, NULL) < 0 || drain(v, pkt, copy, sinks, nsinks, 1) < 0))
        goto out;
    for (int i = 0; i < nsinks; i++)
        if (av_write_trailer(sinks[i].oc) < 0)
            goto out;
    rc = 0;
out:
    av_frame_free(&af);
    av_frame_free(&vf);
    avcodec_free_context(&a);
    avcodec_free_context(&v);
    av_packet_free(&pkt);
    av_packet_free(&copy);
    for (int i = 0; i < opened; i++)
        sink_free(&sinks[i], rc == 0 ? &out[i] : NULL, rc == 0 ? &out_len[i] : NULL);
    return rc;
}

/* ---- text files --------------------------------------------------------------- */

struct text {
    char *s;
    size_t len, cap;
    int failed;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_add(struct text *t, const char *fmt, ...)
{
    char line[LINE_TEXT_MAX + 1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || t->failed)
        return;
    size_t k = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    if (t->len + k + 1 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4096;
        while (cap < t->len + k + 1)
            cap *= 2;
        char *s = realloc(t->s, cap);
        if (!s) {
            t->failed = 1;
            return;
        }
        t->s = s;
        t->cap = cap;
    }
    memcpy(t->s + t->len, line, k);
    t->len += k;
    t->s[t->len] = '\0';
}

static void vtt_time(char out[32], int64_t samples, int rate)
{
    int64_t ms = samples * 1000 / rate;
    snprintf(out, 32, "%02lld:%02lld:%02lld.%03lld", (long long)(ms / 3600000), (long long)(ms / 60000 % 60),
             (long long)(ms / 1000 % 60), (long long)(ms % 1000));
}

/* Text as WebVTT cue text: '&', '<' and '>' escaped (so "-->" cannot end a cue). */
static void vtt_escape(const char *in, char *out, size_t size)
{
    size_t n = 0;
    for (; *in && n + 6 < size; in++) {
        const char *rep = *in == '&' ? "&amp;" : *in == '<' ? "&lt;" : *in == '>' ? "&gt;" : NULL;
        if (rep) {
            memcpy(out + n, rep, strlen(rep));
            n += strlen(rep);
        } else {
            out[n++] = *in;
        }
    }
    out[n] = '\0';
}

/* The quiet tone, samples [first, first + n) of it, into pcm: 0, or -1 when out
 * of memory. A whole number of hertz repeats every second, so one second is
 * computed and copied. */
static int tone(int16_t *pcm, size_t first, size_t n, int rate)
{
    int16_t *second = malloc((size_t)rate * sizeof *second);
    if (!second)
        return -1;
    for (int i = 0; i < rate; i++)
        second[i] = (int16_t)(TONE_AMPLITUDE * sin(2.0 * M_PI * TONE_HZ * (double)i / rate));
    for (size_t done = 0; done < n;) {
        size_t at = (first + done) % (size_t)rate, k = (size_t)rate - at < n - done ? (size_t)rate - at : n - done;
        memcpy(pcm + done, second + at, k * sizeof *pcm);
        done += k;
    }
    free(second);
    return 0;
}

/* The audio of the say lines (only those of `who` when not NULL) over the tone,
 * with the transcript's cues in vtt when given: n samples, or NULL. */
static int16_t *build_pcm(size_t n, int rate, const struct media_line *says, int nsays, const char *who,
                          struct text *vtt)
{
    int16_t *pcm = malloc(n * sizeof *pcm);
    if (!pcm)
        return NULL;
    if (tone(pcm, 0, n, rate) != 0) {
        free(pcm);
        return NULL;
    }
    int cue = 0;
    for (int i = 0; i < nsays; i++) {
        size_t at = (size_t)says[i].offset * (size_t)rate, stop = n;
        if (says[i].offset < 0 || at >= n || (who && strcmp(who, says[i].name) != 0))
            continue;
        /* cut where the next line starts, so cues do not overlap */
        for (int j = i + 1; j < nsays; j++)
            if (says[j].offset >= says[i].offset) {
                size_t next = (size_t)says[j].offset * (size_t)rate;
                if (next < stop)
                    stop = next;
                break;
            }
        size_t spoken = stop > at ? speak(says[i].text, pcm + at, stop - at) : 0;
        if (spoken == 0 || !vtt)
            continue;
        char from[32], to[32], name[800], text[LINE_TEXT_MAX];
        vtt_time(from, (int64_t)at, rate);
        vtt_time(to, (int64_t)(at + spoken), rate);
        vtt_escape(says[i].name, name, sizeof name);
        vtt_escape(says[i].text, text, sizeof text);
        text_add(vtt, "\n%d\n%s --> %s\n%s: %s\n", ++cue, from, to, name, text);
    }
    return pcm;
}

/* The say lines of `who` that are heard: how many, and whether they are all the heard lines. */
static int lines_of(const struct media_line *says, int nsays, int64_t seconds, const char *who, int *all)
{
    int mine = 0, heard = 0;
    for (int i = 0; i < nsays; i++) {
        if (says[i].offset < 0 || says[i].offset >= seconds)
            continue;
        heard++;
        mine += strcmp(who, says[i].name) == 0;
    }
    *all = mine == heard;
    return mine;
}

int media_render_people(const struct media_out *whole, const struct media_line *says, int nsays,
                        const char *const *names, int n, uint8_t **out, size_t *out_len)
{
    int rate = speech_rate_get();
    if (rate <= 0 || n < 0)
        return -1;
    if (nsays > MEDIA_MAX_LINES)
        nsays = MEDIA_MAX_LINES;
    size_t samples = (size_t)whole->seconds * (size_t)rate;
    static const char *const m4a[] = {"ipod"};
    for (int i = 0; i < n; i++)
        out[i] = NULL;
    for (int i = 0; i < n; i++) {
        /* A participant's audio depends only on which lines are theirs: one who said
         * nothing is the tone as every other silent one, one who said every line
         * heard (or all said nothing) is the whole's audio, and a name already
         * rendered is the same file. */
        int all, mine = lines_of(says, nsays, whole->seconds, names[i], &all), same = -1;
        for (int j = 0; j < i && same < 0; j++) {
            int all_j, mine_j = lines_of(says, nsays, whole->seconds, names[j], &all_j);
            if ((mine == 0 && mine_j == 0) || strcmp(names[i], names[j]) == 0)
                same = j;
        }
        const uint8_t *from = same >= 0 ? out[same] : all ? whole->m4a : NULL;
        size_t from_len = same >= 0 ? out_len[same] : whole->m4a_len;
        if (from) {
            if (!(out[i] = av_memdup(from, from_len)))
                goto fail;
            out_len[i] = from_len;
            continue;
        }
        int16_t *pcm = build_pcm(samples, rate, says, nsays, names[i], NULL);
        int rc = pcm ? encode(pcm, samples, rate, whole->seconds, m4a, 1, &out[i], &out_len[i]) : -1;
        free(pcm);
        if (rc != 0)
            goto fail;
    }
    return 0;
fail:
    for (int i = 0; i < n; i++)
        av_freep(&out[i]);
    return -1;
}

/* ---- live audio --------------------------------------------------------------- */

int media_pcm(int64_t from, int64_t to, const struct media_line *says, int nsays, int16_t **samples, size_t *n,
              int *rate_out)
{
    int rate = speech_rate_get();
    if (rate <= 0 || from < 0 || to < from)
        return -1;
    if (nsays > MEDIA_MAX_LINES)
        nsays = MEDIA_MAX_LINES;
    size_t first = (size_t)from * (size_t)rate, end = (size_t)to * (size_t)rate, count = end - first;
    int16_t *pcm = malloc((count ? count : 1) * sizeof *pcm), *spoken = NULL;
    if (!pcm)
        return -1;
    /* the tone at its absolute sample index, so that windows join without a click */
    if (tone(pcm, first, count, rate) != 0) {
        free(pcm);
        return -1;
    }
    for (int i = 0; i < nsays && count; i++) {
        size_t at = (size_t)says[i].offset * (size_t)rate, stop = SIZE_MAX;
        if (says[i].offset < 0 || at >= end)
            continue;
        for (int j = i + 1; j < nsays; j++) /* as build_pcm: cut where the next line starts */
            if (says[j].offset >= says[i].offset) {
                size_t next = (size_t)says[j].offset * (size_t)rate;
                if (next < stop)
                    stop = next;
                break;
            }
        if (stop > end)
            stop = end;
        if (stop <= first || stop <= at)
            continue;
        int16_t *buf = realloc(spoken, (stop - at) * sizeof *buf);
        if (!buf) {
            free(spoken);
            free(pcm);
            return -1;
        }
        spoken = buf;
        size_t got = speak(says[i].text, spoken, stop - at);
        for (size_t k = at < first ? first - at : 0; k < got; k++)
            pcm[at + k - first] = spoken[k];
    }
    free(spoken);
    *samples = pcm;
    *n = count;
    *rate_out = rate;
    return 0;
}

int media_wav(const int16_t *samples, size_t n, int rate, uint8_t **out, size_t *out_len)
{
    AVFormatContext *oc = NULL;
    AVIOContext *io = NULL;
    AVPacket *pkt = av_packet_alloc();
    struct membuf mem = {0};
    int rc = -1;
    if (!pkt || n > (size_t)INT_MAX / sizeof *samples || avformat_alloc_output_context2(&oc, NULL, "wav", NULL) < 0)
        goto out;
    AVStream *st = avformat_new_stream(oc, NULL);
    if (!st)
        goto out;
    st->codecpar->codec_type = AVMEDIA_TYPE_AUDIO;
    st->codecpar->codec_id = AV_CODEC_ID_PCM_S16LE;
    st->codecpar->sample_rate = rate;
    st->codecpar->bits_per_coded_sample = 16;
    st->codecpar->block_align = 2;
    st->codecpar->bit_rate = (int64_t)rate * 16;
    av_channel_layout_default(&st->codecpar->ch_layout, 1);
    st->time_base = (AVRational){1, rate};
    uint8_t *iobuf = av_malloc(65536);
    if (!iobuf || !(io = avio_alloc_context(iobuf, 65536, 1, &mem, NULL, mem_write, mem_seek))) {
        av_free(iobuf);
        goto out;
    }
    oc->pb = io;
    if (avformat_write_header(oc, NULL) < 0)
        goto out;
    if (n) {
        if (av_new_packet(pkt, (int)(n * sizeof *samples)) < 0)
            goto out;
        memcpy(pkt->data, samples, n * sizeof *samples); /* s16 in this machine's order: little-endian here */
        pkt->pts = pkt->dts = 0;
        pkt->duration = (int64_t)n;
        pkt->stream_index = st->index;
        if (av_write_frame(oc, pkt) < 0)
            goto out;
    }
    if (av_write_trailer(oc) < 0)
        goto out;
    rc = 0;
out:
    av_packet_free(&pkt);
    if (io) {
        avio_flush(io);
        av_freep(&io->buffer);
        avio_context_free(&io);
    }
    avformat_free_context(oc);
    if (rc == 0) {
        *out = mem.data;
        *out_len = mem.len;
    } else {
        av_free(mem.data);
    }
    return rc;
}

void media_free_bytes(void *p) { av_free(p); }

/* ---- the whole ---------------------------------------------------------------- */



int media_render(int64_t seconds, const struct media_line *says, int nsays, const struct media_line *chats,
                 int nchats, struct media_out *out)
{
    memset(out, 0, sizeof *out);
    if (seconds < 1)
        seconds = 1;
    if (seconds > MEDIA_MAX_SECONDS)
        seconds = MEDIA_MAX_SECONDS;
    if (nsays > MEDIA_MAX_LINES)
        nsays = MEDIA_MAX_LINES;
    if (nchats > MEDIA_MAX_LINES)
        nchats = MEDIA_MAX_LINES;
    int rate = speech_rate_get();
    if (rate <= 0)
        return -1;
    size_t n = (size_t)seconds * (size_t)rate;
    struct text vtt = {0}, chat = {0};
    text_add(&vtt, "WEBVTT\n");
    int16_t *pcm = build_pcm(n, rate, says, nsays, NULL, &vtt);
    if (!pcm) {
        free(vtt.s);
        return -1;
    }
    for (int i = 0; i < nchats; i++) {
        int64_t t = chats[i].offset < 0 ? 0 : chats[i].offset;
        text_add(&chat, "%02lld:%02lld:%02lld\t From  %s : %s\n", (long long)(t / 3600), (long long)(t / 60 % 60),
                 (long long)(t % 60), chats[i].name, chats[i].text);
    }
    static const char *const formats[] = {"ipod", "mp4"};
    uint8_t *files[2];
    size_t lens[2];
    int ok = !vtt.failed && !chat.failed && encode(pcm, n, rate, seconds, formats, 2, files, lens) == 0;
    if (ok) {
        out->m4a = files[0];
        out->m4a_len = lens[0];
        out->mp4 = files[1];
        out->mp4_len = lens[1];
    }
    free(pcm);
    out->vtt = vtt.s;
    out->vtt_len = vtt.len;
    out->chat = chat.s;
    out->chat_len = chat.len;
    out->seconds = seconds;
    if (!ok) {
        media_free(out);
        return -1;
    }
    return 0;
}

void media_free(struct media_out *out)
{
    av_free(out->m4a);
    av_free(out->mp4);
    free(out->vtt);
    free(out->chat);
    memset(out, 0, sizeof *out);
}
