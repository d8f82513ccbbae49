build-concur/obj/http/sse.o: src/http/sse.c src/http/sse.h \
 src/http/http.h src/core/err.h src/core/log.h src/core/ids.h \
 src/http/dispatch.h
src/http/sse.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/http/dispatch.h:
