build-concur/obj/market/checklist.o: src/market/checklist.c \
 src/market/app_listing_store.h src/market/market.h src/core/crypto.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/app_urls.h
src/market/app_listing_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
