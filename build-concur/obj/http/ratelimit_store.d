build-concur/obj/http/ratelimit_store.o: src/http/ratelimit_store.c \
 src/http/ratelimit_store.h src/core/db.h
src/http/ratelimit_store.h:
src/core/db.h:
