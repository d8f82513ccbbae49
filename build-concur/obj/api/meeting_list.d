build-concur/obj/api/meeting_list.o: src/api/meeting_list.c \
 src/api/meetings_internal.h src/api/api.h src/core/err.h src/core/log.h \
 src/core/zoom_codes.h src/market/market.h src/core/crypto.h \
 src/core/ids.h src/market/app_urls.h src/core/urls.h src/api/paging.h \
 src/core/clock.h src/api/meetings_store.h
src/api/meetings_internal.h:
src/api/api.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
src/market/market.h:
src/core/crypto.h:
src/core/ids.h:
src/market/app_urls.h:
src/core/urls.h:
src/api/paging.h:
src/core/clock.h:
src/api/meetings_store.h:
