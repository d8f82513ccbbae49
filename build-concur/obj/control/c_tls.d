build-concur/obj/control/c_tls.o: src/control/c_tls.c \
 src/control/control_internal.h src/control/control.h src/http/http.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/market.h \
 src/core/crypto.h src/market/app_urls.h src/tls/tls.h
src/control/control_internal.h:
src/control/control.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
src/tls/tls.h:
