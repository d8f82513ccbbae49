build-concur/obj/market/installs_store.o: src/market/installs_store.c \
 src/market/installs_store.h src/market/market.h src/core/crypto.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/app_urls.h \
 src/core/db.h
src/market/installs_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
src/core/db.h:
