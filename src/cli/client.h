/* The `plaza` command-line client of the control API. */
#ifndef PLAZA_CLIENT_H
#define PLAZA_CLIENT_H

int client_main(int argc, char **argv);

#endif
