build-concur/obj/http/router.o: src/http/router.c src/http/router.h \
 src/http/http.h src/core/err.h src/core/log.h src/core/ids.h \
 src/core/uri.h
src/http/router.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/core/uri.h:
