build-concur/obj/events/events_store.o: src/events/events_store.c \
 src/events/events_store.h src/core/ids.h src/core/db.h \
 src/events/events_internal.h src/events/events.h src/core/err.h \
 src/core/log.h
src/events/events_store.h:
src/core/ids.h:
src/core/db.h:
src/events/events_internal.h:
src/events/events.h:
src/core/err.h:
src/core/log.h:
