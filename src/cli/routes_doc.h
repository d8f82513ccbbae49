/* `plaza routes [--markdown]`: the route table as text (not in the help). */
#ifndef PLAZA_ROUTES_DOC_H
#define PLAZA_ROUTES_DOC_H

/* argv[0] is "routes". Returns the exit status. */
int routes_main(int argc, char **argv);

#include <stdio.h>
struct access;
/* cli/access_doc.c: docs/access.md from its template on `in`; a rule as one word. */
int access_doc(FILE *in);
void access_rule_print(const struct access *a);

#endif
