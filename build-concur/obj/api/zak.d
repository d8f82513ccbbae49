build-concur/obj/api/zak.o: src/api/zak.c src/api/zak.h src/core/clock.h \
 src/core/config.h
src/api/zak.h:
src/core/clock.h:
src/core/config.h:
