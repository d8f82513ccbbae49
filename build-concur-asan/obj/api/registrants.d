build-concur-asan/obj/api/registrants.o: src/api/registrants.c \
 src/api/api.h src/core/err.h src/core/log.h src/core/zoom_codes.h \
 src/market/market.h src/core/crypto.h src/core/ids.h \
 src/market/app_urls.h src/api/paging.h src/api/request_schema.h \
 src/core/urls.h src/core/clock.h src/core/config.h src/core/db.h \
 src/api/registrants_store.h src/events/events.h
src/api/api.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
src/market/market.h:
src/core/crypto.h:
src/core/ids.h:
src/market/app_urls.h:
src/api/paging.h:
src/api/request_schema.h:
src/core/urls.h:
src/core/clock.h:
src/core/config.h:
src/core/db.h:
src/api/registrants_store.h:
src/events/events.h:
