build-concur-asan/obj/market/rules.o: src/market/rules.c src/core/clock.h \
 src/core/zoom_codes.h src/market/installs_store.h src/market/market.h \
 src/core/crypto.h src/core/err.h src/core/log.h src/core/ids.h \
 src/market/app_urls.h
src/core/clock.h:
src/core/zoom_codes.h:
src/market/installs_store.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
