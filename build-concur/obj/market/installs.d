build-concur/obj/market/installs.o: src/market/installs.c \
 src/core/clock.h src/core/db.h src/core/sync.h src/market/apps_store.h \
 src/market/market.h src/core/crypto.h src/core/err.h src/core/log.h \
 src/core/ids.h src/market/app_urls.h src/market/installs_store.h
src/core/clock.h:
src/core/db.h:
src/core/sync.h:
src/market/apps_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
src/market/installs_store.h:
