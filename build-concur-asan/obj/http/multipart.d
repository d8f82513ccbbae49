build-concur-asan/obj/http/multipart.o: src/http/multipart.c \
 src/http/multipart.h src/core/err.h src/core/log.h
src/http/multipart.h:
src/core/err.h:
src/core/log.h:
