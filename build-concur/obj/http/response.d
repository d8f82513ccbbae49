build-concur/obj/http/response.o: src/http/response.c src/http/http.h \
 src/core/err.h src/core/log.h src/core/ids.h src/core/zoom_codes.h \
 src/http/router.h src/http/pages.h
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/core/zoom_codes.h:
src/http/router.h:
src/http/pages.h:
