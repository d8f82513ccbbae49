build-concur-asan/obj/control/c_consent.o: src/control/c_consent.c \
 src/control/control_internal.h src/control/control.h src/http/http.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/market.h \
 src/core/crypto.h src/market/app_urls.h src/oauth/oauth.h
src/control/control_internal.h:
src/control/control.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
src/oauth/oauth.h:
