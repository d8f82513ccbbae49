build-concur/obj/market/app_urls.o: src/market/app_urls.c \
 src/market/app_urls.h src/core/uri.h
src/market/app_urls.h:
src/core/uri.h:
