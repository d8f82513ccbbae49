build-concur/obj/http/h_plain.o: src/http/h_plain.c src/core/metrics.h \
 src/core/settings_store.h src/http/handlers.h src/http/http.h \
 src/core/err.h src/core/log.h src/core/ids.h
src/core/metrics.h:
src/core/settings_store.h:
src/http/handlers.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
