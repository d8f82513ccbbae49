build-concur-asan/obj/control/c_market_tabs.o: \
 src/control/c_market_tabs.c src/control/c_market_internal.h \
 src/control/control_internal.h src/control/control.h src/http/http.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/market.h \
 src/core/crypto.h src/market/app_urls.h
src/control/c_market_internal.h:
src/control/control_internal.h:
src/control/control.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
