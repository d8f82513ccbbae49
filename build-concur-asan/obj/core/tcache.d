build-concur-asan/obj/core/tcache.o: src/core/tcache.c src/core/tcache.h
src/core/tcache.h:
