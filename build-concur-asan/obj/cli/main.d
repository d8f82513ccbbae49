build-concur-asan/obj/cli/main.o: src/cli/main.c src/cli/client.h \
 src/cli/routes_doc.h src/cli/serve.h
src/cli/client.h:
src/cli/routes_doc.h:
src/cli/serve.h:
