build-concur-asan/obj/core/sync.o: src/core/sync.c src/core/sync.h \
 src/core/config.h src/core/crypto.h src/core/db.h src/core/log.h
src/core/sync.h:
src/core/config.h:
src/core/crypto.h:
src/core/db.h:
src/core/log.h:
