build-concur/obj/core/urls.o: src/core/urls.c src/core/urls.h \
 src/core/config.h
src/core/urls.h:
src/core/config.h:
