build-concur-asan/obj/cli/cli_chat.o: src/cli/cli_chat.c \
 src/cli/cli_internal.h src/core/uri.h
src/cli/cli_internal.h:
src/core/uri.h:
