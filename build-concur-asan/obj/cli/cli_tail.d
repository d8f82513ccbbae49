build-concur-asan/obj/cli/cli_tail.o: src/cli/cli_tail.c \
 src/cli/cli_internal.h
src/cli/cli_internal.h:
