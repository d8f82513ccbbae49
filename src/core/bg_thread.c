/* Background threads with their own store connection (bg_thread.h). */
#include "core/bg_thread.h"
#include "core/db.h"

#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

int bg_thread_start(struct bg_thread *t, const char *db_path, struct db **db, void *(*fn)(void *))
{
    if ((t->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0)
        return -1;
    if (db_open(db, db_path) != DB_DONE) {
        *db = NULL; /* nothing to close: the engine cleaned up */
        bg_thread_close(t, db);
        return -1;
    }
    atomic_store(&t->stopping, 0);
    if (pthread_create(&t->thread, NULL, fn, NULL) != 0) {
        bg_thread_close(t, db);
        return -1;
    }
    t->running = 1;
    return 0;
}

int bg_thread_stopping(struct bg_thread *t) { return atomic_load(&t->stopping); }

void bg_thread_wake(struct bg_thread *t)
{
    if (t->wake_fd >= 0) {
        uint64_t one = 1;
        ssize_t w = write(t->wake_fd, &one, sizeof one);
        (void)w; /* a full counter already means "wake up" */
    }
}

void bg_thread_drain(struct bg_thread *t)
{
    uint64_t v;
    ssize_t r = read(t->wake_fd, &v, sizeof v);
    (void)r;
}

int bg_thread_join(struct bg_thread *t)
{
    if (!t->running)
        return 0;
    atomic_store(&t->stopping, 1);
    bg_thread_wake(t);
    pthread_join(t->thread, NULL);
    t->running = 0;
    return 1;
}

void bg_thread_close(struct bg_thread *t, struct db **db)
{
    if (*db)
        db_close(*db);
    *db = NULL;
    if (t->wake_fd >= 0)
        close(t->wake_fd);
    t->wake_fd = -1;
}
