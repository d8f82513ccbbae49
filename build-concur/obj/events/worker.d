build-concur/obj/events/worker.o: src/events/worker.c src/core/clock.h \
 src/core/config.h src/core/crypto.h src/core/db.h src/core/libcurl.h \
 src/core/log.h src/core/sync.h src/events/events_internal.h \
 src/events/events.h src/core/err.h src/core/ids.h \
 src/events/events_store.h
src/core/clock.h:
src/core/config.h:
src/core/crypto.h:
src/core/db.h:
src/core/libcurl.h:
src/core/log.h:
src/core/sync.h:
src/events/events_internal.h:
src/events/events.h:
src/core/err.h:
src/core/ids.h:
src/events/events_store.h:
