/* The Marketplace lifecycle's commands that need more than a route call:
 * uploads (the file sent as it is), section values given as SECTION.FIELD=VALUE,
 * review and sharing decisions named by the verb, whole numbers in bodies;
 * and how checklists and histories read for people. */
#include "cli/cli_internal.h"
#include "core/uri.h"

#include <stdlib.h>
#include <string.h>

#define CLI_UPLOAD_MAX (16u << 20) /* the server's own bound for uploads */
#define END {NULL, 0, NULL, 0}

/* Turns string members that hold whole numbers into numbers (flags give strings). */
static int numbers(const struct cli_ctx *c, json_t *body, const char *const *keys)
{
    for (; *keys; keys++) {
        json_t *v = json_object_get(body, *keys);
        if (!json_is_string(v))
            continue;
        char *end;
        long long n = strtoll(json_string_value(v), &end, 10);
        if (!*json_string_value(v) || *end) {
            cli_usage_error(c, "%s takes a whole number, not %.40s", *keys, json_string_value(v));
            return -1;
        }
        json_object_set_new(body, *keys, json_integer(n));
    }
    return 0;
}

static int send_body(struct cli_ctx *c, const char *const *int_keys)
{
    char path[CLI_PATH_MAX];
    json_t *body;
    if (cli_args_path(c->cmd->path, &c->args, path, sizeof path) != 0)
        return cli_usage_error(c, "an argument is too long");
    if (cli_args_body(&c->args, &body) != 0)
        return cli_usage(c);
    if (int_keys && numbers(c, body, int_keys) != 0) {
        json_decref(body);
        return CLI_EXIT_USAGE;
    }
    return cli_exchange(c, c->cmd->method, path, body, c->cmd->render, c->cmd->render_arg);
}

int cli_run_app_body(struct cli_ctx *c)
{
    static const char *const ints[] = {"customers", "duration_days", "share_days", NULL};
    return send_body(c, ints);
}

int cli_run_app_upload(struct cli_ctx *c)
{
    const char *file = c->args.pos[2];
    FILE *f = fopen(file, "rb");
    if (!f)
        return cli_usage_error(c, "cannot open %.200s", file);
    char *data = malloc(CLI_UPLOAD_MAX + 1);
    size_t n = data ? fread(data, 1, CLI_UPLOAD_MAX + 1, f) : 0;
    int err = ferror(f);
    fclose(f);
    if (!data || err || n > CLI_UPLOAD_MAX) {
        free(data);
        return cli_usage_error(c, "%.200s cannot be read or is larger than %u bytes", file, CLI_UPLOAD_MAX);
    }
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    char path[CLI_PATH_MAX], esc[3 * 256 + 1];
    const char *name = cli_arg(&c->args, "filename") ? cli_arg(&c->args, "filename") : base;
    struct cli_args two = c->args;
    two.npos = 2;
    if (strlen(name) > 256 || uri_encode(name, esc, sizeof esc) < 0 ||
        cli_args_path(c->cmd->path, &two, path, sizeof path - 16 - strlen(esc)) != 0) {
        free(data);
        return cli_usage_error(c, "an argument is too long");
    }
    strcat(path, "?filename=");
    strcat(path, esc);
    c->upload = data;
    c->upload_len = n;
    int rc = cli_exchange(c, c->cmd->method, path, NULL, c->cmd->render, c->cmd->render_arg);
    c->upload = NULL;
    free(data);
    return rc;
}

/* `--set app_listing.company_name=Acme`: true, false, null, numbers and JSON
 * arrays or objects are taken as JSON, anything else as a string. */
int cli_run_app_sections(struct cli_ctx *c)
{
    json_t *body = json_object();
    for (int i = 0; i < c->args.nvals; i++) {
        if (strcmp(c->args.vals[i].flag->name, "set") != 0)
            continue;
        const char *v = c->args.vals[i].value, *dot = strchr(v, '.'), *eq = strchr(v, '=');
        if (!dot || !eq || dot > eq || dot == v || eq == dot + 1) {
            json_decref(body);
            return cli_usage_error(c, "--set takes SECTION.FIELD=VALUE, not %.80s", v);
        }
        char section[64], field[64];
        snprintf(section, sizeof section, "%.*s", (int)(dot - v), v);
        snprintf(field, sizeof field, "%.*s", (int)(eq - dot - 1), dot + 1);
        const char *raw = eq + 1;
        json_t *value = NULL;
        if (!strcmp(raw, "true") || !strcmp(raw, "false") || !strcmp(raw, "null") || raw[0] == '[' || raw[0] == '{')
            value = json_loads(raw, JSON_DECODE_ANY, NULL);
        if (!value)
            value = json_string(raw);
        json_t *sec = json_object_get(body, section);
        if (!sec)
            json_object_set_new(body, section, sec = json_object());
        json_object_set_new(sec, field, value ? value : json_null());
    }
    if (json_object_size(body) == 0) {
        json_decref(body);
        return cli_usage_error(c, "nothing to change: give --set SECTION.FIELD=VALUE");
    }
    char path[CLI_PATH_MAX];
    if (cli_args_path(c->cmd->path, &c->args, path, sizeof path) != 0) {
        json_decref(body);
        return cli_usage_error(c, "an argument is too long");
    }
    return cli_exchange(c, c->cmd->method, path, body, c->cmd->render, c->cmd->render_arg);
}

/* `plaza review approve|reject|start ID [--section NAME=REASON]...` */
int cli_run_review_decision(struct cli_ctx *c)
{
    char path[CLI_PATH_MAX];
    json_t *body;
    if (cli_args_path(c->cmd->path, &c->args, path, sizeof path) != 0)
        return cli_usage_error(c, "an argument is too long");
    if (cli_args_body(&c->args, &body) != 0)
        return cli_usage(c);
    json_object_set_new(body, "decision", json_string(c->cmd->verb));
    json_t *sections = json_object();
    for (int i = 0; i < c->args.nvals; i++) {
        if (strcmp(c->args.vals[i].flag->name, "section") != 0)
            continue;
        const char *v = c->args.vals[i].value, *eq = strchr(v, '=');
        if (!eq || eq == v) {
            json_decref(body);
            json_decref(sections);
            return cli_usage_error(c, "--section takes NAME=REASON, not %.80s", v);
        }
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - v), v);
        json_object_set_new(sections, name, json_string(eq + 1));
    }
    if (json_object_size(sections))
        json_object_set_new(body, "sections", sections);
    else
        json_decref(sections);
    return cli_exchange(c, c->cmd->method, path, body, c->cmd->render, c->cmd->render_arg);
}

/* `plaza share approve|deny REQUEST_ID [--days N] [--notes N]` */
int cli_run_share_decision(struct cli_ctx *c)
{
    static const char *const ints[] = {"days", NULL};
    char path[CLI_PATH_MAX];
    json_t *body;
    if (cli_args_path(c->cmd->path, &c->args, path, sizeof path) != 0)
        return cli_usage_error(c, "an argument is too long");
    if (cli_args_body(&c->args, &body) != 0)
        return cli_usage(c);
    if (numbers(c, body, ints) != 0) {
        json_decref(body);
        return CLI_EXIT_USAGE;
    }
    json_object_set_new(body, "decision", json_string(c->cmd->verb));
    return cli_exchange(c, c->cmd->method, path, body, c->cmd->render, c->cmd->render_arg);
}

/* The newest review decision, as the developer reads it: who, when, why. */
static void render_last_review(json_t *rv)
{
    if (!json_is_object(rv))
        return;
    json_t *by = json_object_get(rv, "by");
    const char *who = json_string_value(json_object_get(by, "email"));
    printf("%s (version %lld) at %s by %s ",
           strcmp(json_string_value(json_object_get(rv, "decision")) ?: "", "rejected") == 0 ? "REJECTED" : "APPROVED",
           (long long)json_integer_value(json_object_get(rv, "version")),
           json_string_value(json_object_get(rv, "at")) ?: "-", json_string_value(json_object_get(by, "kind")) ?: "?");
    cli_put(stdout, who ? who : json_string_value(json_object_get(by, "id")) ?: "");
    fputc('\n', stdout);
    const char *notes = json_string_value(json_object_get(rv, "notes"));
    if (notes && *notes) {
        fputs("  notes: ", stdout);
        cli_put(stdout, notes);
        fputc('\n', stdout);
    }
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(rv, "sections"), key, v)
    {
        printf("  %s: ", key);
        cli_put(stdout, json_string_value(v));
        fputc('\n', stdout);
    }
}

void cli_render_checklist(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    (void)c, (void)arg;
    const char *status = json_string_value(json_object_get(doc, "status")) ?: "";
    if (strcmp(status, "rejected") == 0 || strcmp(status, "approved") == 0 || strcmp(status, "published") == 0)
        render_last_review(json_object_get(doc, "last_review"));
    printf("%s\n", json_is_true(json_object_get(doc, "ready")) ? "READY to submit" : "NOT READY");
    if (json_is_true(json_object_get(doc, "security_review")))
        printf("(broad scopes: the review includes a security review)\n");
    size_t i, k;
    json_t *s, *m;
    json_array_foreach(json_object_get(doc, "sections"), i, s)
    {
        int ready = strcmp(json_string_value(json_object_get(s, "status")) ?: "", "ready") == 0;
        printf("%-18s %s%s\n", json_string_value(json_object_get(s, "section")) ?: "?", ready ? "ready" : "not ready",
               json_is_false(json_object_get(s, "required")) ? " (not required)" : "");
        json_array_foreach(json_object_get(s, "missing"), k, m)
        {
            fputs("  - ", stdout);
            cli_put(stdout, json_string_value(json_object_get(m, "field")));
            fputs(": ", stdout);
            cli_put(stdout, json_string_value(json_object_get(m, "message")));
            fputc('\n', stdout);
        }
    }
}

void cli_render_history(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    (void)c, (void)arg;
    size_t i;
    json_t *t;
    if (json_array_size(json_object_get(doc, "transitions")) == 0)
        printf("No transitions yet.\n");
    json_array_foreach(json_object_get(doc, "transitions"), i, t)
    {
        json_t *by = json_object_get(t, "by");
        const char *who = json_string_value(json_object_get(by, "email"));
        printf("%s  v%lld  %-9s -> %-9s  by %s ", json_string_value(json_object_get(t, "at")) ?: "-",
               (long long)json_integer_value(json_object_get(t, "version")),
               json_string_value(json_object_get(t, "from")) ?: "?", json_string_value(json_object_get(t, "to")) ?: "?",
               json_string_value(json_object_get(by, "kind")) ?: "?");
        cli_put(stdout, who ? who : json_string_value(json_object_get(by, "id")) ?: "");
        const char *notes = json_string_value(json_object_get(t, "notes"));
        if (notes && *notes) {
            fputs("  \"", stdout);
            cli_put(stdout, notes);
            fputc('"', stdout);
        }
        fputc('\n', stdout);
        const char *key;
        json_t *v;
        json_object_foreach(json_object_get(t, "sections"), key, v)
        {
            printf("      %s: ", key);
            cli_put(stdout, json_string_value(v));
            fputc('\n', stdout);
        }
    }
}

/* `plaza app publishable-url ID`: the current link and its state; `--new`
 * makes another one, which kills the old one (said so). */
static int run_publishable_url(struct cli_ctx *c)
{
    char path[CLI_PATH_MAX];
    if (cli_args_path(c->cmd->path, &c->args, path, sizeof path) != 0)
        return cli_usage_error(c, "an argument is too long");
    if (!cli_switch(&c->args, "new")) {
        if (cli_arg(&c->args, "environment"))
            return cli_usage_error(c, "--environment chooses the credentials of a new link: give it with --new");
        return cli_exchange(c, "GET", path, NULL, c->cmd->render, c->cmd->render_arg);
    }
    json_t *body;
    if (cli_args_body(&c->args, &body) != 0)
        return cli_usage(c);
    return cli_exchange(c, "POST", path, body, c->cmd->render, c->cmd->render_arg);
}

static void put_line(const char *label, json_t *v)
{
    if (!json_is_string(v))
        return;
    printf("%-12s ", label);
    cli_put(stdout, json_string_value(v));
    fputc('\n', stdout);
}

static void render_link(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    (void)c, (void)arg;
    put_line("url", json_object_get(doc, "url"));
    put_line("environment", json_object_get(doc, "environment"));
    put_line("state", json_object_get(doc, "state"));
    put_line("why", json_object_get(doc, "invalid_reason"));
    put_line("installs", json_object_get(doc, "installs"));
    put_line("created_at", json_object_get(doc, "created_at"));
    if (json_object_get(doc, "invalidates"))
        put_line("invalidates", json_object_get(doc, "invalidates"));
    else if (!json_is_true(json_object_get(doc, "valid")) ||
             strcmp(json_string_value(json_object_get(doc, "state")) ?: "", "active") != 0)
        printf("(plaza app publishable-url ID --new makes a new link; it replaces this one)\n");
}

/* `plaza app configure-environment ID ENV [--meeting-sdk B] [--device-oauth false] [--scope S]...
 * [--scope-description SCOPE=TEXT]... [--from-development true]` */
static int run_configure_environment(struct cli_ctx *c)
{
    char path[CLI_PATH_MAX];
    json_t *body;
    if (cli_args_path(c->cmd->path, &c->args, path, sizeof path) != 0)
        return cli_usage_error(c, "an argument is too long");
    if (cli_args_body(&c->args, &body) != 0)
        return cli_usage(c);
    json_t *words = json_object();
    for (int i = 0; i < c->args.nvals; i++) {
        if (strcmp(c->args.vals[i].flag->name, "scope-description") != 0)
            continue;
        const char *v = c->args.vals[i].value, *eq = strchr(v, '=');
        if (!eq || eq == v || eq - v > 64) {
            json_decref(body);
            json_decref(words);
            return cli_usage_error(c, "--scope-description takes SCOPE=TEXT, not %.80s", v);
        }
        char scope[65];
        snprintf(scope, sizeof scope, "%.*s", (int)(eq - v), v);
        json_object_set_new(words, scope, json_string(eq + 1));
    }
    if (json_object_size(words))
        json_object_set_new(body, "scope_descriptions", words);
    else
        json_decref(words);
    if (json_object_size(body) == 0) {
        json_decref(body);
        return cli_usage_error(c, "nothing to change: give a feature, --scope, --scope-description or "
                                  "--from-development true");
    }
    return cli_exchange(c, c->cmd->method, path, body, c->cmd->render, c->cmd->render_arg);
}

/* A tab as people read it: credentials and their state, URLs, features, scopes. */
static void render_tab(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    (void)c, (void)arg;
    const char *env = json_string_value(json_object_get(doc, "environment")) ?: "?";
    printf("%s tab%s\n", env, json_is_true(json_object_get(doc, "reviewed")) ? " (judged by the checklist and the review)" : "");
    json_t *cr = json_object_get(doc, "credentials");
    printf("credentials  %s", json_string_value(json_object_get(cr, "status")) ?: "active");
    if (json_is_string(json_object_get(cr, "client_id"))) {
        fputs("  client_id ", stdout);
        cli_put(stdout, json_string_value(json_object_get(cr, "client_id")));
    }
    if (json_is_false(json_object_get(cr, "secret_issued")))
        fputs("  (no secret yet: plaza app production-secret ID)", stdout);
    fputc('\n', stdout);
    if (json_is_string(json_object_get(cr, "message")) && json_is_null(json_object_get(cr, "client_id"))) {
        fputs("             ", stdout);
        cli_put(stdout, json_string_value(json_object_get(cr, "message")));
        fputc('\n', stdout);
    }
    put_line("redirect_url", json_object_get(doc, "redirect_url"));
    json_t *f = json_object_get(doc, "features");
    printf("features     meeting_sdk %s, device_oauth %s\n",
           json_is_true(json_object_get(f, "meeting_sdk")) ? "on" : "off",
           json_is_true(json_object_get(f, "device_oauth")) ? "on" : "off");
    size_t i;
    json_t *sc;
    if (json_array_size(json_object_get(doc, "scopes")) == 0)
        printf("scopes       none\n");
    json_array_foreach(json_object_get(doc, "scopes"), i, sc)
    {
        printf("%-12s ", i ? "" : "scopes");
        cli_put(stdout, json_string_value(json_object_get(sc, "scope")));
        const char *d = json_string_value(json_object_get(sc, "description"));
        fputs("  ", stdout);
        cli_put(stdout, d && *d ? d : "(no description)");
        fputc('\n', stdout);
    }
    put_line("rule", json_object_get(doc, "rule"));
}

static const struct cli_flag tab_flags[] = {
    {"meeting-sdk", CLI_BOOL, "features.meeting_sdk", 0}, {"device-oauth", CLI_BOOL, "features.device_oauth", 0},
    {"scope", CLI_LIST, "scopes", 0}, {"scope-description", CLI_LIST, NULL, 0},
    {"from-development", CLI_BOOL, "from_development", 0}, END};
static const struct cli_flag permission_flags[] = {{"actor", CLI_STR, "actor", 0}, END};
static const struct cli_flag permission_query_flags[] = {{"actor", CLI_QUERY, "actor", 0}, END};
static const struct cli_column permission_columns[] = {
    {"ID", "id"}, {"EMAIL", "email"}, {"ROLE", "role"}, {NULL, NULL}};
static const struct cli_table permission_table = {"users", "No member has the Marketplace permissions role.",
                                                  permission_columns};

static const struct cli_flag link_flags[] = {{"new", CLI_SWITCH, NULL, 0},
                                             {"environment", CLI_STR, "environment", 0}, END};
static const struct cli_flag replace_flags[] = {{"filename", CLI_STR, NULL, 0}, END};

/* The Marketplace's commands that live here rather than in cli_commands.c. */
const struct cli_command cli_market_commands[] = {
    {"app", "publishable-url", "ID [--new [--environment development|production]]",
     "show the app's Publishable URL, its state and why it went stale; --new makes another (the old one stops "
     "working)",
     "GET", "/_plaza/apps/{}/publishable-url", link_flags, 1, 1, run_publishable_url, render_link, NULL},
    {"app", "delete-media", "ID MEDIA_ID", "delete one upload (the checklist counts again)", "DELETE",
     "/_plaza/apps/{}/media/{}", NULL, 2, 2, cli_run_route, cli_render_deleted, "media"},
    {"app", "replace-media", "ID MEDIA_ID FILE [--filename NAME]",
     "put a new file in an upload's place (same kind, checked like an upload)", "PUT", "/_plaza/apps/{}/media/{}",
     replace_flags, 3, 3, cli_run_app_upload, cli_render_object, NULL},
    {"app", "environment", "ID development|production",
     "one tab: credentials and their state, redirect URL, Embed features, scopes with descriptions", "GET",
     "/_plaza/apps/{}/environments/{}", NULL, 2, 2, cli_run_route, render_tab, NULL},
    {"app", "configure-environment",
     "ID development|production [--meeting-sdk true|false] [--device-oauth false] [--scope S]... "
     "[--scope-description SCOPE=TEXT]... [--from-development true]",
     "change a tab's Embed features and scopes (--scope replaces the list; --from-development copies it to "
     "Production)",
     "PATCH", "/_plaza/apps/{}/environments/{}", tab_flags, 2, 2, run_configure_environment, render_tab, NULL},
    {"app", "production-secret", "ID",
     "issue (or rotate) the production client secret, once the app is approved; printed once", "POST",
     "/_plaza/apps/{}/credentials/production/secret", NULL, 1, 1, cli_run_route, cli_render_secret, NULL},
    {"account", "permissions", "ACCOUNT_ID", "members with the Marketplace permissions role (they manage the account's "
     "apps and pre-approve apps)", "GET", "/_plaza/accounts/{}/marketplace-permissions", NULL, 1, 1, cli_run_route,
     cli_render_table, &permission_table},
    {"account", "grant-permissions", "ACCOUNT_ID USER [--actor OWNER_OR_ADMIN]",
     "give a member the Marketplace permissions role", "PUT", "/_plaza/accounts/{}/marketplace-permissions/{}",
     permission_flags, 2, 2, cli_run_app_body, cli_render_object, NULL},
    {"account", "revoke-permissions", "ACCOUNT_ID USER [--actor OWNER_OR_ADMIN]",
     "take the Marketplace permissions role away", "DELETE", "/_plaza/accounts/{}/marketplace-permissions/{}",
     permission_query_flags, 2, 2, cli_run_route, cli_render_deleted, "Marketplace permissions of account"},
};
const size_t cli_market_commands_count = sizeof cli_market_commands / sizeof cli_market_commands[0];
