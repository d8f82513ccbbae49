build-concur/obj/http/proxy.o: src/http/proxy.c src/http/proxy.h \
 src/core/log.h
src/http/proxy.h:
src/core/log.h:
