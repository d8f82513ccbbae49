build-concur-asan/obj/sim/sim_store.o: src/sim/sim_store.c \
 src/sim/sim_store.h src/core/db.h
src/sim/sim_store.h:
src/core/db.h:
