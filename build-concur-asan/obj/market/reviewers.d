build-concur-asan/obj/market/reviewers.o: src/market/reviewers.c \
 src/core/clock.h src/market/accounts_store.h src/market/market.h \
 src/core/crypto.h src/core/err.h src/core/log.h src/core/ids.h \
 src/market/app_urls.h
src/core/clock.h:
src/market/accounts_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
