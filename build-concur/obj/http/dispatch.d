build-concur/obj/http/dispatch.o: src/http/dispatch.c src/http/dispatch.h \
 src/core/zoom_codes.h src/core/config.h src/core/crypto.h src/core/db.h \
 src/core/log.h src/core/metrics.h src/http/handlers.h src/http/http.h \
 src/core/err.h src/core/ids.h src/http/hosts.h src/core/urls.h \
 src/http/router.h src/http/v2.h src/api/api.h src/market/market.h \
 src/market/app_urls.h src/oauth/oauth.h src/http/faults.h \
 src/http/ratelimit.h src/http/revision.h src/events/events.h
src/http/dispatch.h:
src/core/zoom_codes.h:
src/core/config.h:
src/core/crypto.h:
src/core/db.h:
src/core/log.h:
src/core/metrics.h:
src/http/handlers.h:
src/http/http.h:
src/core/err.h:
src/core/ids.h:
src/http/hosts.h:
src/core/urls.h:
src/http/router.h:
src/http/v2.h:
src/api/api.h:
src/market/market.h:
src/market/app_urls.h:
src/oauth/oauth.h:
src/http/faults.h:
src/http/ratelimit.h:
src/http/revision.h:
src/events/events.h:
