build-concur-asan/obj/oauth/revoke.o: src/oauth/revoke.c src/core/clock.h \
 src/core/db.h src/events/events.h src/core/err.h src/core/log.h \
 src/core/ids.h src/events/events_store.h src/market/apps_store.h \
 src/market/market.h src/core/crypto.h src/market/app_urls.h \
 src/oauth/oauth_internal.h src/oauth/oauth.h src/oauth/oauth_store.h
src/core/clock.h:
src/core/db.h:
src/events/events.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/events/events_store.h:
src/market/apps_store.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
src/oauth/oauth_internal.h:
src/oauth/oauth.h:
src/oauth/oauth_store.h:
