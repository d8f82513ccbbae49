build-concur/obj/http/h_oauth.o: src/http/h_oauth.c src/core/urls.h \
 src/core/zoom_codes.h src/core/config.h src/core/uri.h \
 src/http/handlers.h src/http/http.h src/core/err.h src/core/log.h \
 src/core/ids.h src/http/pages.h src/oauth/oauth.h src/market/market.h \
 src/core/crypto.h src/market/app_urls.h
src/core/urls.h:
src/core/zoom_codes.h:
src/core/config.h:
src/core/uri.h:
src/http/handlers.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/http/pages.h:
src/oauth/oauth.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
