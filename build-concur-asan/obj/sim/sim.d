build-concur-asan/obj/sim/sim.o: src/sim/sim.c src/sim/sim.h \
 src/api/api.h src/core/err.h src/core/log.h src/core/zoom_codes.h \
 src/market/market.h src/core/crypto.h src/core/ids.h \
 src/market/app_urls.h src/core/clock.h src/core/db.h src/sim/sim_store.h \
 src/events/events.h
src/sim/sim.h:
src/api/api.h:
src/core/err.h:
src/core/log.h:
src/core/zoom_codes.h:
src/market/market.h:
src/core/crypto.h:
src/core/ids.h:
src/market/app_urls.h:
src/core/clock.h:
src/core/db.h:
src/sim/sim_store.h:
src/events/events.h:
