/* Placeholder until the client lands: prints usage. */
#include "cli/client.h"

#include <stdio.h>

int client_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "usage: plaza serve [options]\n");
    return 2;
}
