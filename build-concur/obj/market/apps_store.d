build-concur/obj/market/apps_store.o: src/market/apps_store.c \
 src/market/apps_store.h src/market/market.h src/core/crypto.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/app_urls.h \
 src/core/db.h
src/market/apps_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
src/core/db.h:
