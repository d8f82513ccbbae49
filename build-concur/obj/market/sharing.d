build-concur/obj/market/sharing.o: src/market/sharing.c src/core/clock.h \
 src/core/db.h src/market/market.h src/core/crypto.h src/core/err.h \
 src/core/log.h src/core/ids.h src/market/app_urls.h \
 src/market/sharing_store.h
src/core/clock.h:
src/core/db.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
src/market/sharing_store.h:
