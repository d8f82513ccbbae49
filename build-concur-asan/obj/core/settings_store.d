build-concur-asan/obj/core/settings_store.o: src/core/settings_store.c \
 src/core/settings_store.h src/core/db.h
src/core/settings_store.h:
src/core/db.h:
