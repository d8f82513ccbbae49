build-concur-asan/obj/api/paging.o: src/api/paging.c src/api/paging.h \
 src/core/err.h src/core/log.h src/core/zoom_codes.h src/core/clock.h \
 src/core/config.h src/core/crypto.h
src/api/paging.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
src/core/clock.h:
src/core/config.h:
src/core/crypto.h:
