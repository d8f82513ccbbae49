build-concur/obj/cli/cli_args.o: src/cli/cli_args.c \
 src/cli/cli_internal.h src/core/ids.h src/core/uri.h
src/cli/cli_internal.h:
src/core/ids.h:
src/core/uri.h:
