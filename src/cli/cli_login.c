/* `plaza login`, `plaza logout`, `plaza whoami`: a person's own credentials
 * for the CLI. Login trades the e-mail address and password (from
 * $PLAZA_PASSWORD, else the first line of stdin) for a personal access token
 * and keeps it, per server URL, in the credentials file ($PLAZA_CREDENTIALS,
 * else $XDG_CONFIG_HOME/plaza/credentials, else ~/.config/plaza/credentials;
 * mode 0600). Later commands without an admin key send that token. */
#include "cli/cli_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_LEN 1024

static int credentials_path(char *out, size_t cap)
{
    const char *p = getenv("PLAZA_CREDENTIALS"), *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n;
    if (p && p[0])
        n = snprintf(out, cap, "%s", p);
    else if (xdg && xdg[0])
        n = snprintf(out, cap, "%s/plaza/credentials", xdg);
    else if (home && home[0])
        n = snprintf(out, cap, "%s/.config/plaza/credentials", home);
    else
        return -1;
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

/* The saved "URL ID TOKEN" line for `url`: 1 with id and token, 0 none. */
static int saved_find(const char *url, char *id, size_t idcap, char *token, size_t tcap)
{
    char path[CLI_PATH_MAX], line[LINE_MAX_LEN], u[LINE_MAX_LEN], i[LINE_MAX_LEN], t[LINE_MAX_LEN];
    FILE *f = credentials_path(path, sizeof path) == 0 ? fopen(path, "r") : NULL;
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f))
        if (sscanf(line, "%1023s %1023s %1023s", u, i, t) == 3 && strcmp(u, url) == 0 && strlen(i) < idcap &&
            strlen(t) < tcap) {
            strcpy(id, i);
            strcpy(token, t);
            found = 1;
        }
    if (f)
        fclose(f);
    return found;
}

static int mkdirs_for(const char *path)
{
    char dir[CLI_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return 0;
}

/* Rewrites the file without `url`'s line, adding "url id token" when id is not NULL. */
static int saved_put(const char *url, const char *id, const char *token)
{
    char path[CLI_PATH_MAX], tmp[CLI_PATH_MAX + 8], line[LINE_MAX_LEN], u[LINE_MAX_LEN];
    if (credentials_path(path, sizeof path) != 0 || mkdirs_for(path) != 0)
        return -1;
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    umask(077);
    FILE *in = fopen(path, "r"), *out = fopen(tmp, "w");
    if (!out) {
        if (in)
            fclose(in);
        return -1;
    }
    while (in && fgets(line, sizeof line, in))
        if (!(sscanf(line, "%1023s", u) == 1 && strcmp(u, url) == 0))
            fputs(line, out);
    if (in)
        fclose(in);
    if (id)
        fprintf(out, "%s %s %s\n", url, id, token);
    int rc = fclose(out) == 0 && chmod(tmp, 0600) == 0 && rename(tmp, path) == 0 ? 0 : -1;
    if (rc != 0)
        unlink(tmp);
    return rc;
}

const char *cli_saved_token(const char *url)
{
    static char token[256];
    char id[64];
    return saved_find(url, id, sizeof id, token, sizeof token) ? token : NULL;
}

static int read_password(char *out, size_t cap)
{
    const char *env = getenv("PLAZA_PASSWORD");
    if (env && env[0]) {
        if (strlen(env) >= cap)
            return -1;
        strcpy(out, env);
        return 0;
    }
    if (isatty(STDIN_FILENO))
        fputs("password: ", stderr);
    if (!fgets(out, (int)cap, stdin))
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return out[0] ? 0 : -1;
}

int cli_run_login(struct cli_ctx *c)
{
    char password[512], host[64] = "";
    if (read_password(password, sizeof password) != 0)
        return cli_usage_error(c, "no password: set PLAZA_PASSWORD or give it on stdin");
    const char *name = cli_arg(&c->args, "name");
    if (!name) {
        gethostname(host, sizeof host - 1);
        name = host[0] ? host : "plaza CLI";
    }
    c->keep_answer = 1;
    c->admin_key = NULL; /* the password speaks for the user */
    int rc = cli_exchange(c, "POST", "/_plaza/tokens",
                          json_pack("{s:s,s:s,s:s}", "email", c->args.pos[0], "password", password, "name", name),
                          cli_render_none, NULL);
    memset(password, 0, sizeof password);
    if (rc != CLI_EXIT_OK)
        return rc;
    const char *id = json_string_value(json_object_get(c->answer, "id")),
               *token = json_string_value(json_object_get(c->answer, "token"));
    if (!id || !token || saved_put(c->base_url, id, token) != 0) {
        fputs("plaza: signed in, but the token could not be saved (see PLAZA_CREDENTIALS)\n", stderr);
        return CLI_EXIT_FAIL;
    }
    if (!c->json)
        printf("signed in to %s as %s; commands without --admin-key now act as this user\n", c->base_url,
               c->args.pos[0]);
    return CLI_EXIT_OK;
}

int cli_run_logout(struct cli_ctx *c)
{
    char id[64], token[256], path[CLI_PATH_MAX];
    if (!saved_find(c->base_url, id, sizeof id, token, sizeof token)) {
        fprintf(stderr, "plaza: not signed in to %s\n", c->base_url);
        return CLI_EXIT_FAIL;
    }
    snprintf(path, sizeof path, "/_plaza/tokens/%s", id);
    c->admin_key = token;
    int rc = cli_exchange(c, "DELETE", path, NULL, cli_render_none, NULL);
    /* a token the server no longer knows is as good as revoked */
    if (rc != CLI_EXIT_OK && rc != CLI_EXIT_FAIL)
        return rc;
    if (saved_put(c->base_url, NULL, NULL) != 0)
        return CLI_EXIT_FAIL;
    if (!c->json)
        printf("signed out of %s; the token is revoked\n", c->base_url);
    return CLI_EXIT_OK;
}
