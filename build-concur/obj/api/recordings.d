build-concur/obj/api/recordings.o: src/api/recordings.c src/api/api.h \
 src/core/err.h src/core/log.h src/core/zoom_codes.h src/market/market.h \
 src/core/crypto.h src/core/ids.h src/market/app_urls.h src/api/paging.h \
 src/core/urls.h src/core/clock.h src/core/config.h src/core/db.h \
 src/api/recordings_store.h src/events/events.h src/core/uri.h
src/api/api.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
src/market/market.h:
src/core/crypto.h:
src/core/ids.h:
src/market/app_urls.h:
src/api/paging.h:
src/core/urls.h:
src/core/clock.h:
src/core/config.h:
src/core/db.h:
src/api/recordings_store.h:
src/events/events.h:
src/core/uri.h:
