build-concur-asan/obj/control/c_sim.o: src/control/c_sim.c \
 src/control/control_internal.h src/control/control.h src/http/http.h \
 src/core/err.h src/core/log.h src/core/ids.h src/market/market.h \
 src/core/crypto.h src/market/app_urls.h src/sim/sim.h src/api/api.h \
 src/core/zoom_codes.h
src/control/control_internal.h:
src/control/control.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
src/market/market.h:
src/core/crypto.h:
src/market/app_urls.h:
src/sim/sim.h:
src/api/api.h:
src/core/zoom_codes.h:
