build-concur-asan/obj/core/metrics.o: src/core/metrics.c \
 src/core/metrics.h
src/core/metrics.h:
