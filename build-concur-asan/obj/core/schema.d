build-concur-asan/obj/core/schema.o: src/core/schema.c src/core/db.h \
 src/core/log.h
src/core/db.h:
src/core/log.h:
