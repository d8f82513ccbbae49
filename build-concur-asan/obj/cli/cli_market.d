build-concur-asan/obj/cli/cli_market.o: src/cli/cli_market.c \
 src/cli/cli_internal.h src/core/uri.h
src/cli/cli_internal.h:
src/core/uri.h:
