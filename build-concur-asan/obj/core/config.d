build-concur-asan/obj/core/config.o: src/core/config.c src/core/config.h \
 src/core/crypto.h src/core/log.h src/core/settings_store.h
src/core/config.h:
src/core/crypto.h:
src/core/log.h:
src/core/settings_store.h:
