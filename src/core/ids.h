/* Identifiers shaped like Zoom's: 22-character base64url ids for accounts,
 * users, apps and client ids; 32-character client secrets of letters and
 * digits; 10- and 11-digit numbers for PMIs and meetings. */
#ifndef PLAZA_IDS_H
#define PLAZA_IDS_H

#include <stddef.h>
#include <stdint.h>

#define ID_LEN 23 /* 22 characters and a NUL */

void ids_new(char out[ID_LEN]);
int64_t ids_pmi(void);

/* A client secret as Zoom makes them: size-1 letters and digits, nothing a
 * client must percent-encode before it goes into HTTP Basic (RFC 6749
 * §2.3.1), so clients that encode and clients that do not send the same. */
void ids_client_secret(char *out, size_t size); /* 10 digits, not starting with 0 or 1 */

/* 1 if `s` has the shape of an id from ids_new. */
int ids_valid(const char *s);

#endif
