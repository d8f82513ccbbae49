build-concur-asan/obj/http/server.o: src/http/server.c src/http/server.h \
 src/core/config.h src/core/db.h src/core/log.h src/core/metrics.h \
 src/core/tcache.h src/http/dispatch.h src/http/prelude.h \
 src/http/proxy.h src/http/router.h src/http/http.h src/core/err.h \
 src/core/ids.h
src/http/server.h:
src/core/config.h:
src/core/db.h:
src/core/log.h:
src/core/metrics.h:
src/core/tcache.h:
src/http/dispatch.h:
src/http/prelude.h:
src/http/proxy.h:
src/http/router.h:
src/http/http.h:
src/core/err.h:
src/core/ids.h:
