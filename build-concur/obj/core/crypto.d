build-concur/obj/core/crypto.o: src/core/crypto.c src/core/crypto.h \
 src/core/log.h
src/core/crypto.h:
src/core/log.h:
