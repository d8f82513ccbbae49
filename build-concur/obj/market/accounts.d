build-concur/obj/market/accounts.o: src/market/accounts.c \
 src/core/clock.h src/core/zoom_codes.h src/core/db.h src/core/sync.h \
 src/market/accounts_store.h src/market/market.h src/core/crypto.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/app_urls.h
src/core/clock.h:
src/core/zoom_codes.h:
src/core/db.h:
src/core/sync.h:
src/market/accounts_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
