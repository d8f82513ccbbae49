/* The store of process-wide settings: the virtual clock's offset (table
 * clock) and the keys kept in the store (table meta). Only this file's
 * functions touch those tables. */
#ifndef PLAZA_SETTINGS_STORE_H
#define PLAZA_SETTINGS_STORE_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* The stored clock offset in seconds in *offset (0 when none was stored). 0, or -1 when the store failed. */
int clock_store_offset(struct db *db, int64_t *offset);

/* Adds `seconds` to the stored offset, in the store, so that nodes advancing
 * at once lose nothing: the new offset, or -1 when the store failed. */
int64_t clock_store_advance(struct db *db, int64_t seconds);

/* meta[key] copied into value (truncated to size): 1 when found, 0 when not, -1 when the store failed. */
int meta_store_get(struct db *db, const char *key, char *value, size_t size);

/* Stores meta[key] unless it is already set (another node may have set it first). 0, or -1. */
int meta_store_add(struct db *db, const char *key, const char *value);

/* 1 when the store answers a statement, 0 when it does not (readiness). */
int store_answers(struct db *db);

#endif
