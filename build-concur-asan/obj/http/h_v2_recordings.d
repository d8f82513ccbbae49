build-concur-asan/obj/http/h_v2_recordings.o: src/http/h_v2_recordings.c \
 src/http/router.h src/http/http.h src/core/err.h src/core/log.h \
 src/core/ids.h src/http/v2.h src/api/api.h src/core/zoom_codes.h \
 src/market/market.h src/core/crypto.h src/market/app_urls.h \
 src/http/handlers.h
src/http/router.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/http/v2.h:
src/api/api.h:
src/core/zoom_codes.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
src/http/handlers.h:
