build-concur/obj/events/subscriptions.o: src/events/subscriptions.c \
 src/core/clock.h src/core/config.h src/core/crypto.h src/core/db.h \
 src/events/events_internal.h src/events/events.h src/core/err.h \
 src/core/log.h src/core/ids.h src/events/events_store.h \
 src/market/apps_store.h src/market/market.h src/market/app_urls.h
src/core/clock.h:
src/core/config.h:
src/core/crypto.h:
src/core/db.h:
src/events/events_internal.h:
src/events/events.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/events/events_store.h:
src/market/apps_store.h:
src/market/market.h:
src/market/app_urls.h:
