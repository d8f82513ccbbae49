build-concur-asan/obj/cli/cli_http.o: src/cli/cli_http.c \
 src/cli/cli_internal.h src/core/libcurl.h
src/cli/cli_internal.h:
src/core/libcurl.h:
