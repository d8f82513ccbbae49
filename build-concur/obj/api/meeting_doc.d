build-concur/obj/api/meeting_doc.o: src/api/meeting_doc.c \
 src/api/meetings_internal.h src/api/api.h src/core/err.h src/core/log.h \
 src/core/zoom_codes.h src/market/market.h src/core/crypto.h \
 src/core/ids.h src/market/app_urls.h src/api/timeutil.h src/core/urls.h \
 src/core/clock.h src/core/config.h
src/api/meetings_internal.h:
src/api/api.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
src/market/market.h:
src/core/crypto.h:
src/core/ids.h:
src/market/app_urls.h:
src/api/timeutil.h:
src/core/urls.h:
src/core/clock.h:
src/core/config.h:
