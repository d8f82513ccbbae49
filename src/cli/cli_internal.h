/* What the files of the `plaza` client share: the command table's row, the
 * parsed command line, the connection settings, and the helpers that turn
 * flags into a request and a response into text. client.c drives them. */
#ifndef PLAZA_CLI_INTERNAL_H
#define PLAZA_CLI_INTERNAL_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#define CLI_EXIT_OK 0
#define CLI_EXIT_FAIL 1  /* the server refused, or could not be reached */
#define CLI_EXIT_USAGE 2 /* the command line is wrong */

#define CLI_MAX_POSITIONAL 4
#define CLI_MAX_VALUES 256  /* flag values on one command line: 128 scopes, 20 URLs, the rest */
#define CLI_BASE_URL_MAX 1024
#define CLI_PATH_MAX 4096   /* path and query, escaped */
#define CLI_ADMIN_KEY_MAX 256

/* How a flag is written and where its value goes. */
enum cli_flag_kind {
    CLI_SWITCH, /* --json: no value */
    CLI_STR,    /* --name N: a string member of the JSON body (when key is set) */
    CLI_BOOL,   /* --strict-mode true|false: a boolean member */
    CLI_LIST,   /* --scope S, repeatable: an array member; an empty value sends [] */
    CLI_QUERY,  /* --account ID on a GET: a query parameter */
    CLI_INT,    /* --delay-ms 500: an integer member */
};

struct cli_flag {
    const char *name;        /* without the leading "--" */
    enum cli_flag_kind kind;
    const char *key;         /* body member ("owner.email" nests one level) or query name; NULL: read by the command */
    int required;
};

/* One command line, split against the command's flags and the global ones.
 * Values point into argv. */
struct cli_args {
    const char *pos[CLI_MAX_POSITIONAL];
    int npos;
    struct {
        const struct cli_flag *flag;
        const char *value; /* NULL for switches */
    } vals[CLI_MAX_VALUES];
    int nvals;
};

struct cli_ctx;
/* Prints a successful answer for people; doc is NULL when the body was empty. */
typedef void cli_render_fn(const struct cli_ctx *c, json_t *doc, const void *arg);

/* One row of the command table (client.c). */
struct cli_command {
    const char *group, *verb; /* verb NULL: `plaza clock`, `plaza consent` */
    const char *synopsis;     /* the arguments, for usage */
    const char *summary;
    const char *method, *path; /* path: "{}" takes the next positional, escaped */
    const struct cli_flag *flags;
    int min_pos, max_pos;
    int (*run)(struct cli_ctx *c); /* returns the exit code */
    cli_render_fn *render;
    const void *render_arg;
};

struct cli_ctx {
    char base_url[CLI_BASE_URL_MAX]; /* without a trailing slash */
    const char *admin_key;           /* NULL: none given */
    int json;                        /* --json: print the answer as it came */
    const struct cli_command *cmd;
    struct cli_args args;
    const char *upload; /* when set, the request body is these bytes as they are (media uploads) */
    size_t upload_len;
    int keep_answer; /* when set, a successful JSON answer is also kept in answer (the ctx owns it) */
    json_t *answer;
};

extern const struct cli_command cli_commands[];
extern const size_t cli_commands_count;
extern const struct cli_command cli_market_commands[]; /* cli_market.c: looked up after cli_commands */
extern const size_t cli_market_commands_count;
extern const struct cli_flag cli_global_flags[];

/* cli_args.c: the command line. 1 if arg is a flag rather than an argument
 * ("--x" or "-h"; an id such as "-_PiPAOyhT3c-TX9QUrdbw" is an argument). */
int cli_is_flag(const char *arg);
/* Parses argv[*i] (a flag and, if it takes
 * one, its value) against `flags` and the global flags. Returns 0, or -1
 * after saying what is wrong on stderr. */
int cli_args_take_flag(struct cli_args *a, const struct cli_flag *flags, int argc, char **argv, int *i);
/* Parses argv[i..] (flags anywhere, "--" ends them) into a. Returns 0 or -1. */
int cli_args_parse(struct cli_args *a, const struct cli_flag *flags, int argc, char **argv, int i);
/* The last value given for --name, or NULL. */
const char *cli_arg(const struct cli_args *a, const char *name);
int cli_switch(const struct cli_args *a, const char *name);
/* The JSON body the flags with a key describe. Returns 0 with *out set (the
 * caller owns it), or -1 after saying what is wrong. */
int cli_args_body(const struct cli_args *a, json_t **out);
/* The command's path with its "{}"s replaced by positionals and its query
 * flags appended, all escaped. Returns 0, or -1 if it does not fit. */
int cli_args_path(const char *tmpl, const struct cli_args *a, char *out, size_t cap);

/* cli_http.c: one request to the control API. Sends body (stolen; NULL for
 * none), then prints the answer: raw with --json, through render otherwise,
 * or the server's problem on stderr. Returns the exit code. */
int cli_exchange(struct cli_ctx *c, const char *method, const char *path, json_t *body, cli_render_fn *render,
                 const void *render_arg);

/* cli_print.c: output for people. Control characters in server text are
 * printed as '?'. */
void cli_put(FILE *f, const char *s);
struct cli_column {
    const char *header, *key;
};
struct cli_table {
    const char *list_key; /* the array in the answer: "accounts" */
    const char *empty;    /* printed instead of an empty table */
    const struct cli_column *columns; /* ends with {NULL, NULL} */
};
cli_render_fn cli_render_object; /* key: value lines, nested keys dotted */
cli_render_fn cli_render_table;  /* arg: struct cli_table */
cli_render_fn cli_render_secret; /* an object that may carry a secret shown once */
cli_render_fn cli_render_deleted;/* arg: the noun, "account"; names the last argument (of the first) */
cli_render_fn cli_render_none;   /* prints nothing */
cli_render_fn cli_render_ca;     /* the CA certificate on stdout, how to trust it on stderr */
cli_render_fn cli_render_field;  /* arg: the one member to print, "redirect_to" */

/* cli_commands.c: commands that need more than the generic route call. */
int cli_run_route(struct cli_ctx *c);
int cli_run_login(struct cli_ctx *c);  /* cli_login.c */
int cli_run_logout(struct cli_ctx *c);
/* The token `plaza login` saved for the server at url, or NULL. */
const char *cli_saved_token(const char *url);
int cli_run_rotate_secret(struct cli_ctx *c);
int cli_run_consent(struct cli_ctx *c);
int cli_run_clock_advance(struct cli_ctx *c);
int cli_run_scenario(struct cli_ctx *c); /* a meeting's whole timeline from a JSON file */
int cli_run_delete_shown(struct cli_ctx *c); /* reads the resource, deletes it, prints what it was */
/* cli_market.c: the Marketplace lifecycle's commands that need more than a route call. */
int cli_run_app_upload(struct cli_ctx *c);
int cli_run_user_picture(struct cli_ctx *c); /* cli_chat.c: PUT the file as the user's picture */
int cli_run_app_body(struct cli_ctx *c); /* any method with a body; whole numbers where the API wants them */
int cli_run_review_decision(struct cli_ctx *c);
int cli_run_share_decision(struct cli_ctx *c);
int cli_run_app_sections(struct cli_ctx *c);
cli_render_fn cli_render_checklist;
cli_render_fn cli_render_history;
int cli_run_verify_domains(struct cli_ctx *c); /* exits 1 unless every origin is verified */
int cli_run_tail(struct cli_ctx *c); /* cli_tail.c */
/* cli_scopes.c: `plaza scopes [SEARCH]`, and app create/update with --scope-description SCOPE=WHY. */
int cli_run_scopes(struct cli_ctx *c);
int cli_run_app_scopes(struct cli_ctx *c);
/* Parses "90", "30s", "15m", "2h", "31d" into seconds. Returns 0 or -1. */
int cli_parse_duration(const char *s, long long *seconds);

/* client.c: the current command's usage on stderr, after a message for
 * cli_usage_error. Both return CLI_EXIT_USAGE. */
int cli_usage(const struct cli_ctx *c);
int cli_usage_error(const struct cli_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
