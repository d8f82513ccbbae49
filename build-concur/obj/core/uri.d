build-concur/obj/core/uri.o: src/core/uri.c src/core/uri.h
src/core/uri.h:
