/* plaza: `plaza serve` runs the server; `plaza routes` prints the route table
 * (for the docs); every other command is a thin client of the control API
 * (cli/client.c). */
#include "cli/client.h"
#include "cli/routes_doc.h"
#include "cli/serve.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "serve") == 0)
        return serve_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "routes") == 0)
        return routes_main(argc - 1, argv + 1);
    return client_main(argc, argv);
}
