build-concur/obj/tls/tls.o: src/tls/tls.c src/tls/tls.h src/core/config.h \
 src/core/log.h src/core/uri.h src/tls/ca_store.h
src/tls/tls.h:
src/core/config.h:
src/core/log.h:
src/core/uri.h:
src/tls/ca_store.h:
