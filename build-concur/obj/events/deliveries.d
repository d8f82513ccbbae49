build-concur/obj/events/deliveries.o: src/events/deliveries.c \
 src/core/clock.h src/events/events_internal.h src/events/events.h \
 src/core/err.h src/core/log.h src/core/ids.h src/events/events_store.h
src/core/clock.h:
src/events/events_internal.h:
src/events/events.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/events/events_store.h:
