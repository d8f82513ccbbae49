build-concur-asan/obj/http/ratelimit.o: src/http/ratelimit.c \
 src/http/ratelimit.h src/http/ratelimit_store.h src/core/sync.h \
 src/core/clock.h src/core/db.h src/market/market.h src/core/crypto.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/app_urls.h
src/http/ratelimit.h:
src/http/ratelimit_store.h:
src/core/sync.h:
src/core/clock.h:
src/core/db.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
