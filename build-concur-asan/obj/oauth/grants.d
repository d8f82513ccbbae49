build-concur-asan/obj/oauth/grants.o: src/oauth/grants.c src/core/clock.h \
 src/core/config.h src/core/db.h src/core/metrics.h \
 src/oauth/oauth_internal.h src/oauth/oauth.h src/core/err.h \
 src/core/log.h src/core/ids.h src/market/market.h src/core/crypto.h \
 src/market/app_urls.h src/oauth/oauth_store.h
src/core/clock.h:
src/core/config.h:
src/core/db.h:
src/core/metrics.h:
src/oauth/oauth_internal.h:
src/oauth/oauth.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
src/oauth/oauth_store.h:
