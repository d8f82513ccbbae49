build-concur/obj/market/accounts_store.o: src/market/accounts_store.c \
 src/market/accounts_store.h src/market/market.h src/core/crypto.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/app_urls.h \
 src/core/db.h
src/market/accounts_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
src/core/db.h:
