build-concur/obj/control/c_faults.o: src/control/c_faults.c \
 src/http/faults.h src/core/err.h src/core/log.h src/core/ids.h \
 src/control/control_internal.h src/control/control.h src/http/http.h \
 src/market/market.h src/core/crypto.h src/market/app_urls.h
src/http/faults.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/control/control_internal.h:
src/control/control.h:
src/http/http.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
