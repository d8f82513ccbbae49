build-concur/obj/cli/routes_doc.o: src/cli/routes_doc.c \
 src/cli/cli_internal.h src/cli/routes_doc.h src/http/router.h \
 src/http/http.h src/core/err.h src/core/log.h src/core/ids.h
src/cli/cli_internal.h:
src/cli/routes_doc.h:
src/http/router.h:
src/http/http.h:
src/core/err.h:
src/core/log.h:
src/core/ids.h:
