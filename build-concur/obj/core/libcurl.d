build-concur/obj/core/libcurl.o: src/core/libcurl.c src/core/libcurl.h \
 src/core/log.h
src/core/libcurl.h:
src/core/log.h:
