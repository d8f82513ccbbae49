/* `plaza routes`, not in the help: the route table (src/http/routes.c) as
 * text. Plain, one "METHOD PATH SURFACE" line a route, for scripts and the
 * docs test; with --markdown, docs/api-coverage.md from its template on
 * stdin (`make docs`), so the page lists exactly what the binary serves. */
#include "cli/cli_internal.h"
#include "cli/routes_doc.h"
#include "http/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEMPLATE_MAX_LINES 4096

static const char *surface_name(enum surface s)
{
    switch (s) {
    case SURFACE_OAUTH:
        return "oauth";
    case SURFACE_API:
        return "v2";
    case SURFACE_CONTROL:
        return "control";
    case SURFACE_PAGE:
        return "page";
    case SURFACE_PLAIN:
        return "plain";
    }
    return "?";
}

/* A template's `@routes NAME`: "oauth" also takes the HTML pages of /oauth. */
static int block_takes(const char *block, enum surface s)
{
    if (strcmp(block, "oauth") == 0)
        return s == SURFACE_OAUTH || s == SURFACE_PAGE;
    return strcmp(block, surface_name(s)) == 0;
}

/* Granular scopes have three parts before an optional ":admin"
 * (meeting:read:meeting:admin); classic ones two (meeting:read:admin). */
static int scope_is_granular(const char *scope)
{
    int colons = 0;
    for (const char *p = scope; *p; p++)
        colons += *p == ':';
    size_t n = strlen(scope);
    if (n > 6 && strcmp(scope + n - 6, ":admin") == 0)
        colons--;
    return colons >= 2;
}

static void print_scopes(const struct route *r, int granular)
{
    int first = 1;
    for (const char *const *s = r->scopes; s && *s; s++) {
        if (scope_is_granular(*s) != granular)
            continue;
        printf("%s`%s`", first ? "" : ", ", *s);
        first = 0;
    }
}

/* A CLI row's path ("/_plaza/apps/{}/review", "{}" for each argument) names the route pattern. */
static int cli_path_is(const char *cli, const char *pattern)
{
    while (*cli && *pattern) {
        if (cli[0] == '{' && cli[1] == '}' && pattern[0] == '{') {
            cli += 2;
            pattern = strchr(pattern, '}');
            if (!pattern)
                return 0;
            pattern++;
        } else if (*cli++ != *pattern++) {
            return 0;
        }
    }
    return !*cli && !*pattern;
}

/* The `plaza` commands that call the route, comma-separated. */
static void print_cli_commands(const struct route *r)
{
    int first = 1;
    for (size_t i = 0; i < cli_commands_count; i++) {
        const struct cli_command *c = &cli_commands[i];
        if (strcmp(c->method, r->method) != 0 || !cli_path_is(c->path, r->pattern))
            continue;
        printf("%s`plaza %s%s%s`", first ? " " : ", ", c->group, c->verb ? " " : "", c->verb ? c->verb : "");
        first = 0;
    }
    fputs(" |", stdout);
}

struct note {
    const char *method, *path, *text; /* point into the template's lines */
    int used;
};

struct page {
    char *lines[TEMPLATE_MAX_LINES];
    size_t nlines;
    struct note notes[TEMPLATE_MAX_LINES];
    size_t nnotes;
    unsigned char *emitted; /* per route */
};

static struct note *note_for(struct page *pg, const struct route *r)
{
    for (size_t i = 0; i < pg->nnotes; i++)
        if (strcmp(pg->notes[i].method, r->method) == 0 && strcmp(pg->notes[i].path, r->pattern) == 0)
            return &pg->notes[i];
    return NULL;
}

/* `@note METHOD PATH TEXT`: splits the line in place. Returns 0 or -1. */
static int note_parse(struct page *pg, char *line, size_t lineno)
{
    char *method = line + strlen("@note"), *path, *text;
    method += strspn(method, " ");
    path = strchr(method, ' ');
    if (!path)
        goto bad;
    *path++ = '\0';
    path += strspn(path, " ");
    text = strchr(path, ' ');
    if (!text)
        goto bad;
    *text++ = '\0';
    text += strspn(text, " ");
    pg->notes[pg->nnotes++] = (struct note){method, path, text, 0};
    return 0;
bad:
    fprintf(stderr, "plaza routes: line %zu: @note takes METHOD PATH TEXT\n", lineno);
    return -1;
}

static void print_table(struct page *pg, const char *block)
{
    int v2 = strcmp(block, "v2") == 0, cli = !strcmp(block, "control") || !strcmp(block, "plain");
    puts(v2    ? "| endpoint | classic scopes | granular scopes | label | notes |\n| --- | --- | --- | --- | --- |"
         : cli ? "| endpoint | CLI | notes |\n| --- | --- | --- |"
               : "| endpoint | notes |\n| --- | --- |");
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *r = &routes[i];
        if (!block_takes(block, r->surface))
            continue;
        struct note *n = note_for(pg, r);
        pg->emitted[i] = 1;
        printf("| `%s %s` |", r->method, r->pattern);
        if (v2) {
            fputc(' ', stdout);
            print_scopes(r, 0);
            fputs(" | ", stdout);
            print_scopes(r, 1);
            printf(" | %s |", r->rate_label ? r->rate_label : "");
        }
        if (cli)
            print_cli_commands(r);
        if (n) {
            n->used = 1;
            printf(" %s |\n", n->text);
        } else {
            puts(" |");
        }
    }
}

static int read_template(struct page *pg, FILE *in)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) >= 0) {
        if (pg->nlines == TEMPLATE_MAX_LINES) {
            fprintf(stderr, "plaza routes: the template is longer than %d lines\n", TEMPLATE_MAX_LINES);
            free(line);
            return -1;
        }
        if (len > 0 && line[len - 1] == '\n')
            line[len - 1] = '\0';
        pg->lines[pg->nlines++] = line;
        line = NULL;
        cap = 0;
    }
    free(line);
    return ferror(in) ? -1 : 0;
}

/* Reads the template, then writes the page; on any mistake in the template
 * (a note for a route that does not exist, a route in no table) says which
 * and returns 1. */
static int markdown(FILE *in)
{
    struct page *pg = calloc(1, sizeof *pg);
    int rc = 1;
    if (!pg || !(pg->emitted = calloc(routes_count ? routes_count : 1, 1))) {
        fputs("plaza routes: out of memory\n", stderr);
        goto out;
    }
    if (read_template(pg, in) != 0) {
        fputs("plaza routes: cannot read the template on stdin\n", stderr);
        goto out;
    }
    for (size_t i = 0; i < pg->nlines; i++)
        if (strncmp(pg->lines[i], "@note ", 6) == 0 && note_parse(pg, pg->lines[i], i + 1) != 0)
            goto out;
    puts("<!-- Generated by `make docs` from docs/api-coverage.md.in and the route table (src/http/routes.c).\n"
         "     Edit those; tests/e2e/docs.test.mjs fails when this file differs from what they give. -->");
    for (size_t i = 0; i < pg->nlines; i++) {
        const char *l = pg->lines[i];
        if (strncmp(l, "@note ", 6) == 0)
            continue;
        if (strncmp(l, "@routes ", 8) == 0) {
            const char *block = l + 8;
            if (strcmp(block, "oauth") && strcmp(block, "v2") && strcmp(block, "control") && strcmp(block, "plain")) {
                fprintf(stderr, "plaza routes: line %zu: @routes takes oauth, v2, control or plain\n", i + 1);
                goto out;
            }
            print_table(pg, block);
            continue;
        }
        puts(l);
    }
    rc = 0;
    for (size_t i = 0; i < pg->nnotes; i++)
        if (!pg->notes[i].used) {
            fprintf(stderr, "plaza routes: @note for %s %s, which is not a route (or in no @routes table)\n",
                    pg->notes[i].method, pg->notes[i].path);
            rc = 1;
        }
    for (size_t i = 0; i < routes_count; i++)
        if (!pg->emitted[i]) {
            fprintf(stderr, "plaza routes: %s %s is in no @routes table of the template\n", routes[i].method,
                    routes[i].pattern);
            rc = 1;
        }
out:
    if (pg) {
        for (size_t i = 0; i < pg->nlines; i++)
            free(pg->lines[i]);
        free(pg->emitted);
    }
    free(pg);
    return rc;
}

int routes_main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--markdown") == 0)
        return markdown(stdin);
    if (argc == 2 && strcmp(argv[1], "--access") == 0)
        return access_doc(stdin);
    if (argc != 1) {
        fputs("usage: plaza routes [--markdown < docs/api-coverage.md.in | --access < docs/access.md.in]\n", stderr);
        return 2;
    }
    for (size_t i = 0; i < routes_count; i++) {
        printf("%s %s %s", routes[i].method, routes[i].pattern, surface_name(routes[i].surface));
        if (routes[i].surface == SURFACE_CONTROL) {
            putchar(' ');
            access_rule_print(&routes[i].access);
        }
        putchar('\n');
    }
    return 0;
}
