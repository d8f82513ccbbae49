build-concur/obj/events/tail.o: src/events/tail.c src/events/events.h \
 src/core/err.h src/core/log.h src/core/ids.h src/events/events_store.h
src/events/events.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/events/events_store.h:
