build-concur-asan/obj/market/tabs.o: src/market/tabs.c src/core/clock.h \
 src/core/db.h src/market/app_listing_store.h src/market/market.h \
 src/core/crypto.h src/core/err.h src/core/log.h src/core/ids.h \
 src/market/app_urls.h src/market/app_review_store.h \
 src/market/apps_store.h
src/core/clock.h:
src/core/db.h:
src/market/app_listing_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
src/market/app_review_store.h:
src/market/apps_store.h:
