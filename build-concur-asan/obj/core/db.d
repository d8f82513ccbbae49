build-concur-asan/obj/core/db.o: src/core/db.c src/core/db_engine.h \
 src/core/db.h src/core/log.h
src/core/db_engine.h:
src/core/db.h:
src/core/log.h:
