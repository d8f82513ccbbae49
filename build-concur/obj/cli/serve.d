build-concur/obj/cli/serve.o: src/cli/serve.c src/cli/serve.h \
 src/core/clock.h src/core/config.h src/core/crypto.h src/core/libcurl.h \
 src/core/db.h src/core/log.h src/core/metrics.h src/core/sync.h \
 src/events/events.h src/core/err.h src/core/ids.h src/http/ratelimit.h \
 src/api/api.h src/core/zoom_codes.h src/market/market.h \
 src/market/app_urls.h src/api/request_schema.h src/http/router.h \
 src/http/http.h src/http/server.h src/tls/tls.h
src/cli/serve.h:
src/core/clock.h:
src/core/config.h:
src/core/crypto.h:
src/core/libcurl.h:
src/core/db.h:
src/core/log.h:
src/core/metrics.h:
src/core/sync.h:
src/events/events.h:
src/core/err.h:
src/core/ids.h:
src/http/ratelimit.h:
src/api/api.h:
src/core/zoom_codes.h:
src/market/market.h:
src/market/app_urls.h:
src/api/request_schema.h:
src/http/router.h:
src/http/http.h:
src/http/server.h:
src/tls/tls.h:
