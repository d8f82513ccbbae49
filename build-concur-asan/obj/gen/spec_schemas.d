build-concur-asan/obj/gen/spec_schemas.o: \
 build-concur-asan/gen/spec_schemas.c src/api/request_schema.h \
 src/core/err.h src/core/log.h
src/api/request_schema.h:
src/core/err.h:
src/core/log.h:
