build-concur-asan/obj/http/request.o: src/http/request.c src/http/pico.h \
 src/http/http.h src/core/err.h src/core/log.h src/core/ids.h \
 src/core/uri.h
src/http/pico.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/core/uri.h:
