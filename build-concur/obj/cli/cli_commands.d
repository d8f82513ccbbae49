build-concur/obj/cli/cli_commands.o: src/cli/cli_commands.c \
 src/cli/cli_internal.h
src/cli/cli_internal.h:
