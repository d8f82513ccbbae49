build-concur/obj/oauth/sessions.o: src/oauth/sessions.c src/core/clock.h \
 src/oauth/oauth_internal.h src/oauth/oauth.h src/core/err.h \
 src/core/log.h src/core/ids.h src/market/market.h src/core/crypto.h \
 src/market/app_urls.h src/oauth/oauth_store.h
src/core/clock.h:
src/oauth/oauth_internal.h:
src/oauth/oauth.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
src/oauth/oauth_store.h:
