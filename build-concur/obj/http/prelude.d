build-concur/obj/http/prelude.o: src/http/prelude.c src/http/prelude.h \
 src/http/dispatch.h src/http/pico.h src/http/proxy.h src/core/config.h \
 src/core/log.h src/tls/tls.h
src/http/prelude.h:
src/http/dispatch.h:
src/http/pico.h:
src/http/proxy.h:
src/core/config.h:
src/core/log.h:
src/tls/tls.h:
