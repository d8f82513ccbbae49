build-concur-asan/obj/market/sharing_store.o: src/market/sharing_store.c \
 src/market/sharing_store.h src/market/market.h src/core/crypto.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/app_urls.h \
 src/core/db.h
src/market/sharing_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
src/core/db.h:
