build-concur-asan/obj/http/routes.o: src/http/routes.c \
 src/control/control.h src/http/http.h src/core/err.h src/core/log.h \
 src/core/ids.h src/http/handlers.h src/http/router.h src/market/market.h \
 src/core/crypto.h src/market/app_urls.h
src/control/control.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/http/handlers.h:
src/http/router.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
