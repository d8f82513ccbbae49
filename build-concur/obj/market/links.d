build-concur/obj/market/links.o: src/market/links.c src/core/urls.h \
 src/core/clock.h src/core/config.h src/core/db.h src/core/uri.h \
 src/market/market.h src/core/crypto.h src/core/err.h src/core/log.h \
 src/core/ids.h src/market/app_urls.h src/market/apps_store.h \
 src/market/sharing_store.h
src/core/urls.h:
src/core/clock.h:
src/core/config.h:
src/core/db.h:
src/core/uri.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
src/market/apps_store.h:
src/market/sharing_store.h:
