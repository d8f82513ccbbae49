/* `plaza user picture ID FILE`: a user's profile picture, the file sent as
 * it is to PUT /_plaza/users/{id}/picture (the server checks it by content).
 * `plaza chat send|list` are plain rows of the command table. */
#include "cli/cli_internal.h"
#include "core/uri.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLI_PICTURE_MAX (2u << 20) /* the server's own rule: at most 2 MB */

int cli_run_user_picture(struct cli_ctx *c)
{
    const char *file = c->args.pos[1];
    FILE *f = fopen(file, "rb");
    if (!f)
        return cli_usage_error(c, "cannot open %.200s", file);
    char *data = malloc(CLI_PICTURE_MAX + 1);
    size_t n = data ? fread(data, 1, CLI_PICTURE_MAX + 1, f) : 0;
    int err = ferror(f);
    fclose(f);
    if (!data || err || n > CLI_PICTURE_MAX) {
        free(data);
        return cli_usage_error(c, "%.200s cannot be read or is larger than %u bytes (2 MB)", file, CLI_PICTURE_MAX);
    }
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    char path[CLI_PATH_MAX], esc[3 * 256 + 1];
    struct cli_args one = c->args;
    one.npos = 1;
    if (strlen(base) > 256 || uri_encode(base, esc, sizeof esc) < 0 ||
        cli_args_path("/_plaza/users/{}/picture", &one, path, sizeof path - 16 - strlen(esc)) != 0) {
        free(data);
        return cli_usage_error(c, "an argument is too long");
    }
    strcat(path, "?filename=");
    strcat(path, esc);
    c->upload = data;
    c->upload_len = n;
    int rc = cli_exchange(c, "PUT", path, NULL, c->cmd->render, c->cmd->render_arg);
    c->upload = NULL;
    free(data);
    return rc;
}
