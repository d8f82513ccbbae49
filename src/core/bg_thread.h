/* A thread of plaza's own beside the HTTP loops (the webhook worker, the
 * mailer): its own store connection, woken through an eventfd, stopped by a
 * flag it looks at between pieces of work. */
#ifndef PLAZA_BG_THREAD_H
#define PLAZA_BG_THREAD_H

#include <pthread.h>
#include <stdatomic.h>

struct db;

struct bg_thread {
    pthread_t thread;
    int running;
    _Atomic int stopping;
    int wake_fd; /* poll it for POLLIN; -1 while stopped */
};
#define BG_THREAD_INIT {.wake_fd = -1}

/* Opens a store connection into *db and starts fn on the thread: 0, or -1 with nothing left open. */
int bg_thread_start(struct bg_thread *t, const char *db_path, struct db **db, void *(*fn)(void *));
/* Whether the thread was asked to stop. */
int bg_thread_stopping(struct bg_thread *t);
/* Wakes the thread's poll (harmless when stopped). */
void bg_thread_wake(struct bg_thread *t);
/* Takes the wake-ups counted so far. */
void bg_thread_drain(struct bg_thread *t);
/* Asks the thread to stop, wakes it and waits for it: 1 when it ran, 0 when it did not (nothing to release). */
int bg_thread_join(struct bg_thread *t);
/* After bg_thread_join and the caller's own clean-up: closes the store connection and the eventfd. */
void bg_thread_close(struct bg_thread *t, struct db **db);

#endif
