build-concur/obj/api/user_data_store.o: src/api/user_data_store.c \
 src/api/user_data_store.h src/api/api.h src/core/err.h src/core/log.h \
 src/core/zoom_codes.h src/market/market.h src/core/crypto.h \
 src/core/ids.h src/market/app_urls.h src/core/db.h
src/api/user_data_store.h:
src/api/api.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
src/market/market.h:
src/core/crypto.h:
src/core/ids.h:
src/market/app_urls.h:
src/core/db.h:
