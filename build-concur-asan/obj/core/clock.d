build-concur-asan/obj/core/clock.o: src/core/clock.c src/core/clock.h \
 src/core/settings_store.h src/core/sync.h
src/core/clock.h:
src/core/settings_store.h:
src/core/sync.h:
