build-concur/obj/cli/cli_scopes.o: src/cli/cli_scopes.c \
 src/cli/cli_internal.h src/core/uri.h
src/cli/cli_internal.h:
src/core/uri.h:
