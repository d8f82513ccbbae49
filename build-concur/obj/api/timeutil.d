build-concur/obj/api/timeutil.o: src/api/timeutil.c src/api/timeutil.h \
 src/api/request_schema.h src/core/err.h src/core/log.h
src/api/timeutil.h:
src/api/request_schema.h:
src/core/err.h:
src/core/log.h:
