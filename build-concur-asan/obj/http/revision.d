build-concur-asan/obj/http/revision.o: src/http/revision.c \
 src/http/revision.h src/http/http.h src/core/err.h src/core/log.h \
 src/core/ids.h src/core/db.h src/http/router.h src/market/market.h \
 src/core/crypto.h src/market/app_urls.h
src/http/revision.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/core/db.h:
src/http/router.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
