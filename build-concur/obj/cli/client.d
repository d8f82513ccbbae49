build-concur/obj/cli/client.o: src/cli/client.c src/cli/client.h \
 src/cli/cli_internal.h src/core/libcurl.h
src/cli/client.h:
src/cli/cli_internal.h:
src/core/libcurl.h:
