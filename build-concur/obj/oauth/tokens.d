build-concur/obj/oauth/tokens.o: src/oauth/tokens.c src/core/clock.h \
 src/core/config.h src/core/tcache.h src/oauth/oauth_internal.h \
 src/oauth/oauth.h src/core/err.h src/core/log.h src/core/ids.h \
 src/market/market.h src/core/crypto.h src/market/app_urls.h
src/core/clock.h:
src/core/config.h:
src/core/tcache.h:
src/oauth/oauth_internal.h:
src/oauth/oauth.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
