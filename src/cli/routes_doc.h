/* `plaza routes [--markdown]`: the route table as text (not in the help). */
#ifndef PLAZA_ROUTES_DOC_H
#define PLAZA_ROUTES_DOC_H

/* argv[0] is "routes". Returns the exit status. */
int routes_main(int argc, char **argv);

#endif
