build-concur-asan/obj/core/ids.o: src/core/ids.c src/core/ids.h \
 src/core/crypto.h
src/core/ids.h:
src/core/crypto.h:
