build-concur/obj/tls/ca_store.o: src/tls/ca_store.c src/tls/ca_store.h \
 src/core/db.h
src/tls/ca_store.h:
src/core/db.h:
