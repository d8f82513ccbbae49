build-concur/obj/market/scopes.o: src/market/scopes.c src/market/market.h \
 src/core/crypto.h src/core/err.h src/core/log.h src/core/ids.h \
 src/market/app_urls.h
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
