build-concur-asan/obj/control/c_chat.o: src/control/c_chat.c \
 src/api/api.h src/core/err.h src/core/log.h src/core/zoom_codes.h \
 src/market/market.h src/core/crypto.h src/core/ids.h \
 src/market/app_urls.h src/control/control_internal.h \
 src/control/control.h src/http/http.h
src/api/api.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
src/market/market.h:
src/core/crypto.h:
src/core/ids.h:
src/market/app_urls.h:
src/control/control_internal.h:
src/control/control.h:
src/http/http.h:
