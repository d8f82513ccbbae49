build-concur/obj/http/h_v2_chat.o: src/http/h_v2_chat.c src/http/v2.h \
 src/api/api.h src/core/err.h src/core/log.h src/core/zoom_codes.h \
 src/market/market.h src/core/crypto.h src/core/ids.h \
 src/market/app_urls.h src/http/handlers.h src/http/http.h
src/http/v2.h:
src/api/api.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
src/market/market.h:
src/core/crypto.h:
src/core/ids.h:
src/market/app_urls.h:
src/http/handlers.h:
src/http/http.h:
