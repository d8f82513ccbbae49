build-concur-asan/obj/events/outbox.o: src/events/outbox.c \
 src/core/clock.h src/core/db.h src/core/log.h \
 src/events/events_internal.h src/events/events.h src/core/err.h \
 src/core/ids.h src/events/events_store.h src/market/market.h \
 src/core/crypto.h src/market/app_urls.h
src/core/clock.h:
src/core/db.h:
src/core/log.h:
src/events/events_internal.h:
src/events/events.h:
src/core/err.h:
src/core/ids.h:
src/events/events_store.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
