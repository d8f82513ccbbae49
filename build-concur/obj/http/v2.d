build-concur/obj/http/v2.o: src/http/v2.c src/http/v2.h src/api/api.h \
 src/core/err.h src/core/log.h src/core/zoom_codes.h src/market/market.h \
 src/core/crypto.h src/core/ids.h src/market/app_urls.h \
 src/http/handlers.h src/http/http.h src/http/router.h \
 src/api/request_schema.h
src/http/v2.h:
src/api/api.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
src/market/market.h:
src/core/crypto.h:
src/core/ids.h:
src/market/app_urls.h:
src/http/handlers.h:
src/http/http.h:
src/http/router.h:
src/api/request_schema.h:
