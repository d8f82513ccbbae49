build-concur-asan/obj/core/db_sqlite.o: src/core/db_sqlite.c \
 src/core/db_engine.h src/core/db.h src/core/log.h
src/core/db_engine.h:
src/core/db.h:
src/core/log.h:
