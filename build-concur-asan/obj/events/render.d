build-concur-asan/obj/events/render.o: src/events/render.c \
 src/events/events_internal.h src/events/events.h src/core/err.h \
 src/core/log.h src/core/ids.h
src/events/events_internal.h:
src/events/events.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
