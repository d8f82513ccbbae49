build-concur/obj/http/pages.o: src/http/pages.c src/http/pages.h \
 src/core/zoom_codes.h
src/http/pages.h:
src/core/zoom_codes.h:
