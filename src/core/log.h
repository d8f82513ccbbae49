/* Logging to stderr: one line per event, with an ISO-8601 UTC timestamp and,
 * when the thread is working for someone (a request, the webhook worker),
 * that context: "rid=<request id>", so an error deep in the store names the
 * request that met it. */
#ifndef PLAZA_LOG_H
#define PLAZA_LOG_H

#if defined(__GNUC__)
#define PLAZA_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PLAZA_PRINTF(a, b)
#endif

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Messages below this level are dropped (default LOG_INFO). */
void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) PLAZA_PRINTF(2, 3);

/* The calling thread's context, copied (at most 47 bytes), written into every
 * line it logs until cleared with NULL or "". */
void log_context_set(const char *context);
/* The calling thread's context, "" when none. */
const char *log_context(void);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
