/* `plaza serve` and the demo data it can seed. */
#ifndef PLAZA_SERVE_H
#define PLAZA_SERVE_H

struct db;

int serve_main(int argc, char **argv);

/* Creates the demo accounts, users and apps if missing and prints how to use
 * them. Idempotent: a second start finds and prints the same ones. */
int demo_seed(struct db *db, int print);

#endif
