build-concur/obj/market/app_review_store.o: src/market/app_review_store.c \
 src/market/app_review_store.h src/market/market.h src/core/crypto.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/app_urls.h \
 src/core/db.h
src/market/app_review_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
src/core/db.h:
