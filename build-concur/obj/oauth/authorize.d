build-concur/obj/oauth/authorize.o: src/oauth/authorize.c \
 src/core/clock.h src/core/zoom_codes.h src/core/db.h \
 src/oauth/oauth_internal.h src/oauth/oauth.h src/core/err.h \
 src/core/log.h src/core/ids.h src/market/market.h src/core/crypto.h \
 src/market/app_urls.h src/oauth/oauth_store.h src/core/uri.h
src/core/clock.h:
src/core/zoom_codes.h:
src/core/db.h:
src/oauth/oauth_internal.h:
src/oauth/oauth.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
src/oauth/oauth_store.h:
src/core/uri.h:
