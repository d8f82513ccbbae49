build-concur/obj/api/request_schema.o: src/api/request_schema.c \
 src/api/request_schema.h src/core/err.h src/core/log.h \
 src/core/zoom_codes.h
src/api/request_schema.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
