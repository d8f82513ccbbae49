/* Identifiers shaped like Zoom's: 22-character base64url ids for accounts,
 * users, apps and client ids; 10- and 11-digit numbers for PMIs and meetings. */
#ifndef PLAZA_IDS_H
#define PLAZA_IDS_H

#include <stdint.h>

#define ID_LEN 23 /* 22 characters and a NUL */

void ids_new(char out[ID_LEN]);
int64_t ids_pmi(void); /* 10 digits, not starting with 0 or 1 */

/* 1 if `s` has the shape of an id from ids_new. */
int ids_valid(const char *s);

#endif
