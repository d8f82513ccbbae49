build-concur-asan/obj/cli/demo.o: src/cli/demo.c src/cli/serve.h \
 src/core/config.h src/core/db.h src/market/market.h src/core/crypto.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/app_urls.h
src/cli/serve.h:
src/core/config.h:
src/core/db.h:
src/market/market.h:
src/core/crypto.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/app_urls.h:
