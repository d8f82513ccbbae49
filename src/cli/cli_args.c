/* The client's command line: flags (anywhere, `--name value` or
 * `--name=value`, or -h) and positionals checked against the command's flag table,
 * then turned into the request's JSON body and escaped path. */
#include "cli/cli_internal.h"
#include "core/ids.h"

#include "core/uri.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const struct cli_flag cli_global_flags[] = {
    {"url", CLI_STR, NULL, 0},
    {"admin-key", CLI_STR, NULL, 0},
    {"json", CLI_SWITCH, NULL, 0},
    {"help", CLI_SWITCH, NULL, 0},
    {NULL, 0, NULL, 0},
};

static const struct cli_flag *flag_find(const struct cli_flag *t, const char *name, size_t n)
{
    for (; t && t->name; t++)
        if (strlen(t->name) == n && memcmp(t->name, name, n) == 0)
            return t;
    return NULL;
}

int cli_is_flag(const char *arg)
{
    if (strcmp(arg, "-h") == 0)
        return 1;
    /* plaza's ids are base64url and may begin with '-' or "--" */
    return strncmp(arg, "--", 2) == 0 && arg[2] != '\0' && !ids_valid(arg);
}

int cli_args_take_flag(struct cli_args *a, const struct cli_flag *flags, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    if (strcmp(arg, "-h") == 0)
        arg = "--help";
    if (strncmp(arg, "--", 2) != 0) {
        fprintf(stderr, "plaza: unknown flag %.80s\n", arg);
        return -1;
    }
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t n = eq ? (size_t)(eq - name) : strlen(name);
    const struct cli_flag *f = flag_find(flags, name, n);
    if (!f)
        f = flag_find(cli_global_flags, name, n);
    if (!f) {
        fprintf(stderr, "plaza: unknown flag --%.*s\n", (int)(n > 80 ? 80 : n), name);
        return -1;
    }
    const char *value = NULL;
    if (f->kind == CLI_SWITCH && eq) {
        fprintf(stderr, "plaza: --%s takes no value\n", f->name);
        return -1;
    }
    if (f->kind != CLI_SWITCH) {
        if (eq)
            value = eq + 1;
        else if (*i + 1 < argc)
            value = argv[++*i];
        else {
            fprintf(stderr, "plaza: --%s needs a value\n", f->name);
            return -1;
        }
    }
    if (a->nvals == CLI_MAX_VALUES) {
        fprintf(stderr, "plaza: too many flags (at most %d)\n", CLI_MAX_VALUES);
        return -1;
    }
    a->vals[a->nvals].flag = f;
    a->vals[a->nvals++].value = value;
    return 0;
}

static int check_required(const struct cli_args *a, const struct cli_flag *flags)
{
    for (const struct cli_flag *f = flags; f && f->name; f++)
        if (f->required && !cli_arg(a, f->name)) {
            fprintf(stderr, "plaza: --%s is required\n", f->name);
            return -1;
        }
    return 0;
}

int cli_args_parse(struct cli_args *a, const struct cli_flag *flags, int argc, char **argv, int i)
{
    int flags_done = 0;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (!flags_done && strcmp(arg, "--") == 0) {
            flags_done = 1;
        } else if (!flags_done && cli_is_flag(arg)) {
            if (cli_args_take_flag(a, flags, argc, argv, &i) != 0)
                return -1;
        } else if (a->npos == CLI_MAX_POSITIONAL) {
            fprintf(stderr, "plaza: unexpected argument %.80s\n", arg);
            return -1;
        } else {
            a->pos[a->npos++] = arg;
        }
    }
    return cli_switch(a, "help") ? 0 : check_required(a, flags);
}

const char *cli_arg(const struct cli_args *a, const char *name)
{
    for (int i = a->nvals - 1; i >= 0; i--)
        if (strcmp(a->vals[i].flag->name, name) == 0 && a->vals[i].value)
            return a->vals[i].value;
    return NULL;
}

int cli_switch(const struct cli_args *a, const char *name)
{
    for (int i = 0; i < a->nvals; i++)
        if (a->vals[i].flag->kind == CLI_SWITCH && strcmp(a->vals[i].flag->name, name) == 0)
            return 1;
    return 0;
}

/* The object that `key` ("owner.email") lives in, made on first use; *leaf is "email". */
static json_t *member_parent(json_t *body, const char *key, const char **leaf)
{
    const char *dot = strchr(key, '.');
    *leaf = key;
    if (!dot)
        return body;
    char name[64];
    if ((size_t)(dot - key) >= sizeof name)
        return NULL;
    memcpy(name, key, (size_t)(dot - key));
    name[dot - key] = '\0';
    *leaf = dot + 1;
    json_t *sub = json_object_get(body, name);
    if (!sub && json_object_set_new(body, name, sub = json_object()) != 0)
        return NULL;
    return sub;
}

/* Stores one flag's value in the body: a string, a boolean or an array item. */
static int body_add(json_t *body, const struct cli_flag *f, const char *value)
{
    const char *leaf;
    json_t *dst = member_parent(body, f->key, &leaf), *v = NULL;
    if (!dst)
        return -1;
    if (f->kind == CLI_BOOL) {
        if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0) {
            fprintf(stderr, "plaza: --%s takes true or false, not %.80s\n", f->name, value);
            return -1;
        }
        return json_object_set_new(dst, leaf, json_boolean(value[0] == 't'));
    }
    if (f->kind == CLI_INT) {
        char *end;
        long long n = strtoll(value, &end, 10);
        if (!*value || *end) {
            fprintf(stderr, "plaza: --%s takes a whole number, not %.80s\n", f->name, value);
            return -1;
        }
        return json_object_set_new(dst, leaf, json_integer(n));
    }
    if (!(v = json_string(value))) {
        fprintf(stderr, "plaza: the value of --%s is not valid UTF-8\n", f->name);
        return -1;
    }
    if (f->kind == CLI_STR)
        return json_object_set_new(dst, leaf, v);
    json_t *list = json_object_get(dst, leaf);
    if (!list && json_object_set_new(dst, leaf, list = json_array()) != 0) {
        json_decref(v);
        return -1;
    }
    if (value[0] == '\0') { /* `--scope ''`: an empty list */
        json_decref(v);
        return 0;
    }
    return json_array_append_new(list, v);
}

int cli_args_body(const struct cli_args *a, json_t **out)
{
    json_t *body = json_object();
    *out = NULL;
    if (!body)
        return -1;
    for (int i = 0; i < a->nvals; i++) {
        const struct cli_flag *f = a->vals[i].flag;
        if (!f->key || f->kind == CLI_QUERY || f->kind == CLI_SWITCH)
            continue;
        if (body_add(body, f, a->vals[i].value) != 0) {
            json_decref(body);
            return -1;
        }
    }
    *out = body;
    return 0;
}

/* Appends s to out[*len..cap), escaped unless raw. Returns 0 or -1. */
static int append(char *out, size_t cap, size_t *len, const char *s, size_t n, int raw)
{
    char *esc = NULL;
    if (!raw) {
        char *copy = n <= CLI_PATH_MAX ? strndup(s, n) : NULL;
        esc = copy ? malloc(3 * n + 1) : NULL;
        long m = esc ? uri_encode(copy, esc, 3 * n + 1) : -1;
        free(copy);
        if (m < 0) {
            free(esc);
            return -1;
        }
        s = esc;
        n = (size_t)m;
    }
    int ok = n < cap - *len;
    if (ok) {
        memcpy(out + *len, s, n);
        *len += n;
        out[*len] = '\0';
    }
    free(esc);
    return ok ? 0 : -1;
}

static int append_query(const struct cli_args *a, char *out, size_t cap, size_t *len)
{
    int first = 1;
    for (int i = 0; i < a->nvals; i++) {
        const struct cli_flag *f = a->vals[i].flag;
        if (f->kind != CLI_QUERY || cli_arg(a, f->name) != a->vals[i].value)
            continue; /* the last of repeated values wins */
        const char *v = a->vals[i].value;
        if (append(out, cap, len, first ? "?" : "&", 1, 1) != 0 ||
            append(out, cap, len, f->key, strlen(f->key), 0) != 0 || append(out, cap, len, "=", 1, 1) != 0 ||
            append(out, cap, len, v, strlen(v), 0) != 0)
            return -1;
        first = 0;
    }
    return 0;
}

int cli_args_path(const char *tmpl, const struct cli_args *a, char *out, size_t cap)
{
    size_t len = 0;
    int next = 0;
    if (cap == 0)
        return -1;
    out[0] = '\0';
    while (*tmpl) {
        const char *hole = strstr(tmpl, "{}");
        size_t lit = hole ? (size_t)(hole - tmpl) : strlen(tmpl);
        if (append(out, cap, &len, tmpl, lit, 1) != 0)
            return -1;
        if (!hole)
            break;
        if (next >= a->npos)
            return -1;
        const char *p = a->pos[next++];
        if (append(out, cap, &len, p, strlen(p), 0) != 0)
            return -1;
        tmpl = hole + 2;
    }
    return append_query(a, out, cap, &len);
}
