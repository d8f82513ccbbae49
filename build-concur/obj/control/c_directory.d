build-concur/obj/control/c_directory.o: src/control/c_directory.c \
 src/control/control_internal.h src/control/control.h src/http/http.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/market.h \
 src/core/crypto.h src/market/app_urls.h src/core/urls.h
src/control/control_internal.h:
src/control/control.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
src/core/urls.h:
