/* The `plaza` command-line client of the control API: global flags, then the
 * command's words looked up in the table (cli_commands.c), then its flags and
 * arguments; the settings (--url/PLAZA_URL, --admin-key/PLAZA_ADMIN_KEY)
 * checked; then one request. Usage text comes from the same table. */
#include "cli/client.h"
#include "cli/cli_internal.h"

#include "core/libcurl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define CLI_DEFAULT_URL "http://127.0.0.1:8080"

/* The i-th command of the main table followed by the Marketplace's (cli_market.c). */
static const struct cli_command *command_at(size_t i)
{
    return i < cli_commands_count ? &cli_commands[i] : &cli_market_commands[i - cli_commands_count];
}
#define COMMANDS_COUNT (cli_commands_count + cli_market_commands_count)

static void print_command(FILE *f, const struct cli_command *cmd)
{
    fprintf(f, "  plaza %s%s%s%s%s\n      %s\n", cmd->group, cmd->verb ? " " : "", cmd->verb ? cmd->verb : "",
            cmd->synopsis[0] ? " " : "", cmd->synopsis, cmd->summary);
}

/* Every command, or those of one group; a group's commands together, groups
 * in the order they first appear in the table. */
static void usage(FILE *f, const char *group)
{
    fputs("usage: plaza [--url URL] [--admin-key KEY] [--json] COMMAND [ARGS]\n\ncommands:\n", f);
    if (!group)
        fputs("  plaza serve [options]\n      run the server (see plaza serve --help)\n", f);
    for (size_t i = 0; i < COMMANDS_COUNT; i++) {
        const char *g = command_at(i)->group;
        size_t first = 0;
        while (strcmp(command_at(first)->group, g) != 0)
            first++;
        if (first != i || (group && strcmp(group, g) != 0))
            continue;
        for (size_t k = i; k < COMMANDS_COUNT; k++)
            if (strcmp(command_at(k)->group, g) == 0)
                print_command(f, command_at(k));
    }
    fputs("\nglobal flags (before or after the command):\n"
          "  --url URL        the plaza server (default: $PLAZA_URL, else " CLI_DEFAULT_URL ")\n"
          "  --admin-key KEY  sent as Authorization: Bearer KEY (default: $PLAZA_ADMIN_KEY, else the\n"
          "                   token `plaza login` saved for the URL)\n"
          "  --json           print the server's JSON answer as it is, for scripts\n"
          "  --help           this text; `plaza GROUP --help` for one group\n"
          "\nexit status: 0 done, 1 the server refused or could not be reached, 2 wrong usage\n",
          f);
}

int cli_usage(const struct cli_ctx *c)
{
    fputs("usage:\n", stderr);
    print_command(stderr, c->cmd);
    fputs("(`plaza help` lists every command)\n", stderr);
    return CLI_EXIT_USAGE;
}

int cli_usage_error(const struct cli_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("plaza: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return cli_usage(c);
}

/* One noun per resource, singular: the plural spellings of earlier versions
 * are refused with the new one. */
static const struct {
    const char *old, *now;
} renamed_groups[] = {
    {"accounts", "account"}, {"users", "user"},     {"apps", "app"},
    {"subscriptions", "subscription"}, {"deliveries", "delivery"}, {"deauthorizations", "deauthorization"},
    {"installs", "install"}, {"meetings", "meeting"}, {"faults", "fault"}, {"scopes", "scope"},
};

static int renamed(const char *group)
{
    for (size_t i = 0; i < sizeof renamed_groups / sizeof renamed_groups[0]; i++)
        if (strcmp(group, renamed_groups[i].old) == 0) {
            fprintf(stderr, "plaza: '%s' is now '%s' (one singular noun per resource): see `plaza %s --help`\n",
                    group, renamed_groups[i].now, renamed_groups[i].now);
            return CLI_EXIT_USAGE;
        }
    return 0;
}

static int group_known(const char *group)
{
    for (size_t i = 0; i < COMMANDS_COUNT; i++)
        if (strcmp(command_at(i)->group, group) == 0)
            return 1;
    return 0;
}

/* The row for `group word`, else the group's row without a verb (then word stays an argument). */
static const struct cli_command *command_find(const char *group, const char *word, int *took_word)
{
    const struct cli_command *bare = NULL;
    *took_word = 0;
    for (size_t i = 0; i < COMMANDS_COUNT; i++) {
        const struct cli_command *cmd = command_at(i);
        if (strcmp(cmd->group, group) != 0)
            continue;
        if (!cmd->verb)
            bare = cmd;
        else if (word && strcmp(cmd->verb, word) == 0) {
            *took_word = 1;
            return cmd;
        }
    }
    return bare;
}

static int has_control_chars(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* Where to send requests, with what key, and how to print the answers. */
static int settings(struct cli_ctx *c)
{
    const char *url = cli_arg(&c->args, "url"), *key = cli_arg(&c->args, "admin-key");
    if (!url)
        url = getenv("PLAZA_URL");
    if (!url || !url[0])
        url = CLI_DEFAULT_URL;
    if ((strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) || has_control_chars(url))
        return cli_usage_error(c, "the URL must start with http:// or https://, not '%.80s'", url);
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        n--;
    if (n >= sizeof c->base_url)
        return cli_usage_error(c, "the URL is longer than %zu characters", sizeof c->base_url - 1);
    memcpy(c->base_url, url, n);
    c->base_url[n] = '\0';

    if (!key)
        key = getenv("PLAZA_ADMIN_KEY");
    if (key && key[0] && (strlen(key) >= CLI_ADMIN_KEY_MAX || has_control_chars(key)))
        return cli_usage_error(c, "the admin key must be printable and under %d characters", CLI_ADMIN_KEY_MAX);
    c->admin_key = key && key[0] ? key : cli_saved_token(c->base_url); /* `plaza login` */
    c->json = cli_switch(&c->args, "json");
    return 0;
}

static int check_positionals(const struct cli_ctx *c)
{
    const struct cli_command *cmd = c->cmd;
    if (c->args.npos < cmd->min_pos)
        return cli_usage_error(c, "missing arguments");
    if (c->args.npos > cmd->max_pos)
        return cli_usage_error(c, "unexpected argument '%.80s'", c->args.pos[cmd->max_pos]);
    for (int i = 0; i < c->args.npos; i++)
        if (!c->args.pos[i][0])
            return cli_usage_error(c, "arguments must not be empty");
    return 0;
}

/* `plaza`, `plaza help [GROUP]`, `plaza --help`. */
static int help(const char *group, int asked)
{
    if (group && !group_known(group)) {
        fprintf(stderr, "plaza: no command '%.80s'\n", group);
        usage(stderr, NULL);
        return CLI_EXIT_USAGE;
    }
    usage(asked ? stdout : stderr, group);
    return asked ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

/* `plaza app --help` shows the group; `plaza app` and `plaza app frob` are usage errors. */
static int no_such_command(const char *group, const char *word, int help_asked)
{
    int known = group_known(group);
    if (!known && renamed(group))
        return CLI_EXIT_USAGE;
    if (known && (help_asked || (word && (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0))))
        return help(group, 1);
    if (known && !word)
        fprintf(stderr, "plaza: '%s' needs one of its commands\n", group);
    else
        fprintf(stderr, "plaza: no command '%.40s%s%.40s'\n", group, word ? " " : "", word ? word : "");
    return help(known ? group : NULL, 0);
}

/* Finds the command and parses its line into c. Returns -1 to go on, else an exit code. */
static int command_line(struct cli_ctx *c, int argc, char **argv)
{
    int i = 1, took;
    for (; i < argc && cli_is_flag(argv[i]); i++)
        if (cli_args_take_flag(&c->args, NULL, argc, argv, &i) != 0)
            return help(NULL, 0);
    i += i < argc && strcmp(argv[i], "--") == 0;
    if (i >= argc)
        return help(NULL, cli_switch(&c->args, "help"));
    const char *group = argv[i++];
    if (strcmp(group, "help") == 0)
        return i < argc && renamed(argv[i]) ? CLI_EXIT_USAGE : help(i < argc ? argv[i] : NULL, 1);
    const char *word = i < argc ? argv[i] : NULL;
    if (!(c->cmd = command_find(group, word, &took)))
        return no_such_command(group, word, cli_switch(&c->args, "help"));
    if (cli_args_parse(&c->args, c->cmd->flags, argc, argv, i + took) != 0)
        return cli_usage(c);
    if (cli_switch(&c->args, "help")) {
        if (!c->cmd->verb)
            return help(group, 1);
        fputs("usage:\n", stdout);
        print_command(stdout, c->cmd);
        return CLI_EXIT_OK;
    }
    if (check_positionals(c) != 0 || settings(c) != 0)
        return CLI_EXIT_USAGE;
    return -1;
}

int client_main(int argc, char **argv)
{
    struct cli_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        fputs("plaza: out of memory\n", stderr);
        return CLI_EXIT_FAIL;
    }
    int rc = command_line(c, argc, argv);
    if (rc < 0) {
        if (!libcurl()) {
            fputs("plaza: cannot load libcurl (libcurl4 package)\n", stderr);
            rc = CLI_EXIT_FAIL;
        } else {
            rc = c->cmd->run(c);
            libcurl_unload();
        }
    }
    json_decref(c->answer);
    free(c);
    fflush(stdout);
    return rc;
}
