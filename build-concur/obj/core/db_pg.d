build-concur/obj/core/db_pg.o: src/core/db_pg.c src/core/db_engine.h \
 src/core/db.h src/core/log.h /usr/include/postgresql/libpq-fe.h \
 /usr/include/postgresql/postgres_ext.h \
 /usr/include/postgresql/pg_config_ext.h
src/core/db_engine.h:
src/core/db.h:
src/core/log.h:
/usr/include/postgresql/libpq-fe.h:
/usr/include/postgresql/postgres_ext.h:
/usr/include/postgresql/pg_config_ext.h:
