/* `plaza scope list [SEARCH]`: the scope catalogue; and the apps commands'
 * --scope-description SCOPE=WHY, the per-scope "why we need it" text that
 * travels with --scope (given alone on an update, it keeps the app's scopes). */
#include "cli/cli_internal.h"
#include "core/uri.h"

#include <stdlib.h>
#include <string.h>

int cli_run_scopes(struct cli_ctx *c)
{
    char path[CLI_PATH_MAX];
    if (cli_args_path(c->cmd->path, &c->args, path, sizeof path) != 0)
        return cli_usage_error(c, "an argument is too long");
    if (c->args.npos == 1) {
        const char *search = c->args.pos[0];
        size_t len = strlen(path), n = strlen(search);
        char *esc = n <= CLI_PATH_MAX ? malloc(3 * n + 1) : NULL;
        long m = esc ? uri_encode(search, esc, 3 * n + 1) : -1;
        int fits = m >= 0 && len + 8 + (size_t)m < sizeof path;
        if (fits)
            snprintf(path + len, sizeof path - len, "%ssearch=%s", strchr(path, '?') ? "&" : "?", esc);
        free(esc);
        if (!fits)
            return cli_usage_error(c, "the search is too long");
    }
    return cli_exchange(c, c->cmd->method, path, NULL, c->cmd->render, c->cmd->render_arg);
}

/* Keeps the answer instead of printing it. */
static void capture(const struct cli_ctx *c, json_t *doc, const void *arg)
{
    (void)c;
    *(json_t **)arg = json_incref(doc);
}

/* The app's scope names as the body's "scopes", read from the server. Returns the exit code. */
static int current_scopes(struct cli_ctx *c, json_t *body)
{
    char path[CLI_PATH_MAX];
    json_t *doc = NULL;
    if (cli_args_path("/_plaza/apps/{}", &c->args, path, sizeof path) != 0)
        return cli_usage_error(c, "an argument is too long");
    int json = c->json, rc;
    c->json = 0;
    rc = cli_exchange(c, "GET", path, NULL, capture, &doc);
    c->json = json;
    if (rc != CLI_EXIT_OK)
        return rc;
    json_t *list = json_array(), *item;
    size_t i;
    json_array_foreach(json_object_get(doc, "scopes"), i, item)
    {
        json_t *name = json_is_object(item) ? json_object_get(item, "scope") : item;
        if (json_is_string(name))
            json_array_append(list, name);
    }
    json_decref(doc);
    json_object_set_new(body, "scopes", list);
    return CLI_EXIT_OK;
}

int cli_run_app_scopes(struct cli_ctx *c)
{
    char path[CLI_PATH_MAX];
    json_t *body;
    if (cli_args_path(c->cmd->path, &c->args, path, sizeof path) != 0)
        return cli_usage_error(c, "an argument is too long");
    if (cli_args_body(&c->args, &body) != 0)
        return cli_usage(c);
    int described = 0;
    for (int i = 0; i < c->args.nvals; i++) {
        if (strcmp(c->args.vals[i].flag->name, "scope-description") != 0)
            continue;
        const char *v = c->args.vals[i].value, *eq = strchr(v, '=');
        if (!eq || eq == v) {
            json_decref(body);
            return cli_usage_error(c, "--scope-description takes SCOPE=WHY, not %.60s", v);
        }
        if (!described++ && !json_object_get(body, "scopes") && c->args.npos == 1) {
            int rc = current_scopes(c, body); /* an update: keep the scopes the app has */
            if (rc != CLI_EXIT_OK) {
                json_decref(body);
                return rc;
            }
        }
        json_t *list = json_object_get(body, "scopes");
        if (!list)
            json_object_set_new(body, "scopes", list = json_array());
        json_t *name = json_stringn(v, (size_t)(eq - v)), *why = json_string(eq + 1);
        if (!name || !why) {
            json_decref(name);
            json_decref(why);
            json_decref(body);
            return cli_usage_error(c, "the value of --scope-description is not valid UTF-8");
        }
        json_t *entry = json_pack("{s:o,s:o}", "scope", name, "description", why);
        size_t j;
        json_t *item;
        int placed = 0;
        json_array_foreach(list, j, item)
        {
            json_t *s = json_is_object(item) ? json_object_get(item, "scope") : item;
            if (json_equal(s, json_object_get(entry, "scope"))) {
                json_array_set(list, j, entry);
                placed = 1;
                break;
            }
        }
        if (!placed)
            json_array_append(list, entry);
        json_decref(entry);
    }
    return cli_exchange(c, c->cmd->method, path, body, c->cmd->render, c->cmd->render_arg);
}
