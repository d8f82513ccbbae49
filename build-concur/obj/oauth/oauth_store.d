build-concur/obj/oauth/oauth_store.o: src/oauth/oauth_store.c \
 src/oauth/oauth_store.h src/core/crypto.h src/core/ids.h \
 src/market/market.h src/core/err.h src/core/log.h src/market/app_urls.h \
 src/core/db.h
src/oauth/oauth_store.h:
src/core/crypto.h:
src/core/ids.h:
src/market/market.h:
src/core/err.h:
src/core/log.h:
src/market/app_urls.h:
src/core/db.h:
