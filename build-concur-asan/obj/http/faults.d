build-concur-asan/obj/http/faults.o: src/http/faults.c src/http/faults.h \
 src/core/err.h src/core/log.h src/core/ids.h src/core/clock.h
src/http/faults.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/core/clock.h:
