build-concur/obj/http/hosts.o: src/http/hosts.c src/http/hosts.h \
 src/tls/tls.h
src/http/hosts.h:
src/tls/tls.h:
