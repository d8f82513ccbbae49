build-concur-asan/obj/cli/cli_print.o: src/cli/cli_print.c \
 src/cli/cli_internal.h
src/cli/cli_internal.h:
