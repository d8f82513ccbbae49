/* Zoom's pagination (zoom-wire §2.4): page_size (default 30, max 300) and an
 * opaque next_page_token, "" on the last page, that expires after 15 minutes.
 * plaza's tokens carry a keyset position and are signed, so they cannot be
 * forged or reused across lists. */
#ifndef PLAZA_PAGING_H
#define PLAZA_PAGING_H

#include "core/err.h"

#include <jansson.h>

#include <stdint.h>

#define PAGE_SIZE_DEFAULT 30
#define PAGE_SIZE_MAX 300
#define PAGE_TOKEN_MAX 256
#define PAGE_TOKEN_TTL_S 900

struct page_query {
    int size;           /* 1..PAGE_SIZE_MAX */
    int number;         /* page_number (deprecated by Zoom): 1-based, 0 when not given */
    const char *token;  /* next_page_token or NULL */
};

/* Reads page_size / page_number / next_page_token values (NULL when absent). */
int page_parse(const char *size, const char *number, const char *token, struct page_query *out, struct perr *e);

/* A token for the position after (k1, k2) in the list named `list`. */
void page_token_make(const char *list, int64_t k1, const char *k2, char out[PAGE_TOKEN_MAX]);
/* Reads a token back; -1 (PERR_INVALID, code 300) when forged, expired or for another list.
 * k2 receives at most 64 bytes. */
int page_token_read(const char *token, const char *list, int64_t *k1, char k2[65], struct perr *e);

/* Zoom's paging members of a list answer, in its order: next_page_token ("" on the last page),
 * page_count, page_number (when with_number: lists that still take it), page_size, total_records. */
void page_members(json_t *o, const char *next, const struct page_query *p, int64_t total, int with_number);

#endif
