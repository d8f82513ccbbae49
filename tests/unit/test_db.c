/* Covers core/db.c's failure paths: a statement that fails to prepare, to bind
 * or to step, and a failed exec, each return an error and log one line that
 * names the statement, SQLite's reason and the request (core/log.c's context). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/db.h"
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct db *db;

/* stderr goes to a temporary file while `fn` runs; what was logged is returned (caller frees). */
static FILE *capture_file;
static int saved_stderr = -1;

static void capture_start(void)
{
    fflush(stderr);
    capture_file = tmpfile();
    assert_non_null(capture_file);
    saved_stderr = dup(2);
    assert_true(saved_stderr >= 0);
    assert_true(dup2(fileno(capture_file), 2) >= 0);
}

static char *capture_end(void)
{
    fflush(stderr);
    assert_true(dup2(saved_stderr, 2) >= 0);
    close(saved_stderr);
    long n = ftell(capture_file);
    assert_true(n >= 0);
    char *text = calloc(1, (size_t)n + 1);
    rewind(capture_file);
    assert_int_equal(fread(text, 1, (size_t)n, capture_file), (size_t)n);
    fclose(capture_file);
    return text;
}

static int setup(void **state)
{
    (void)state;
    if (db_open(&db, ":memory:") != DB_DONE)
        return -1;
    return db_exec(db, "CREATE TABLE numbers (n INTEGER NOT NULL UNIQUE); INSERT INTO numbers VALUES (1);");
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    log_context_set(NULL);
    return 0;
}

static void statement_names_say_verb_and_table(void **state)
{
    (void)state;
    static const struct {
        const char *sql, *name;
    } cases[] = {
        {"INSERT INTO refresh_tokens (hash) VALUES (?)", "INSERT INTO refresh_tokens"},
        {"UPDATE deliveries SET status = 'failed' WHERE id = ?", "UPDATE deliveries"},
        {"  SELECT install_id, used_at FROM auth_codes WHERE hash = ?", "SELECT FROM auth_codes"},
        {"DELETE FROM event_subscriptions WHERE id = ?", "DELETE FROM event_subscriptions"},
        {"SELECT id FROM (SELECT s.id FROM event_subscriptions s) WHERE x", "SELECT FROM"},
        {"SELECT count(*)\nFROM\tapps", "SELECT FROM apps"},
        {"SELECT 1", "SELECT FROM"},
        {"BEGIN IMMEDIATE", "BEGIN IMMEDIATE"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[96];
        db_statement_name(cases[i].sql, name, sizeof name);
        assert_string_equal(name, cases[i].name);
    }
    char tiny[8];
    db_statement_name("INSERT INTO refresh_tokens (hash) VALUES (?)", tiny, sizeof tiny);
    assert_string_equal(tiny, "INSERT"); /* cut, still terminated */
}

static void failed_step_returns_error_and_logs_statement_reason_and_request(void **state)
{
    (void)state;
    log_context_set("rid=00000000deadbeef");
    capture_start();
    /* abs() of the smallest integer overflows while the statement runs */
    struct db_stmt *st = db_query(db, "SELECT abs(n * 0 + ?) FROM numbers", "i", INT64_MIN);
    assert_non_null(st);
    int rc = db_step(st);
    db_done(st);
    char *log = capture_end();
    assert_int_equal(rc, DB_ERROR);
    assert_non_null(strstr(log, " error rid=00000000deadbeef db: SELECT FROM numbers failed: integer overflow\n"));
    free(log);
}

static void failed_prepare_returns_null_and_logs_statement_and_reason(void **state)
{
    (void)state;
    log_context_set("rid=0000000000000042");
    capture_start();
    struct db_stmt *st = db_query(db, "INSERT INTO no_such_table (x) VALUES (?)", "n", 1);
    int rc = db_run(db, "UPDATE no_such_table SET x = ?", "n", 1);
    char *log = capture_end();
    assert_null(st);
    assert_int_equal(rc, DB_ERROR);
    assert_non_null(strstr(log, "rid=0000000000000042 db: INSERT INTO no_such_table: prepare failed: no such table"));
    assert_non_null(strstr(log, "rid=0000000000000042 db: UPDATE no_such_table: prepare failed: no such table"));
    free(log);
}

static void wrong_bind_format_returns_null_and_logs_the_statement(void **state)
{
    (void)state;
    log_context_set(NULL);
    capture_start();
    struct db_stmt *few = db_query(db, "SELECT n FROM numbers WHERE n = ? AND n = ?", "i", (int64_t)1);
    struct db_stmt *bad = db_query(db, "SELECT n FROM numbers WHERE n = ?", "x", 1);
    char *log = capture_end();
    assert_null(few);
    assert_null(bad);
    assert_non_null(strstr(log, " error db: SELECT FROM numbers: 2 parameters but format \"i\""));
    assert_non_null(strstr(log, " error db: SELECT FROM numbers: binding parameter 1 failed: bad format character"));
    /* the statement is usable again afterwards */
    struct db_stmt *ok = db_query(db, "SELECT n FROM numbers WHERE n = ?", "n", 1);
    assert_non_null(ok);
    assert_int_equal(db_step(ok), DB_ROW);
    db_done(ok);
    free(log);
}

static void failed_exec_and_constraint(void **state)
{
    (void)state;
    log_context_set("rid=abc");
    capture_start();
    int commit = db_commit(db); /* no transaction is open */
    int dup = db_run(db, "INSERT INTO numbers (n) VALUES (?)", "n", 1);
    char *log = capture_end();
    assert_int_equal(commit, DB_ERROR);
    assert_non_null(strstr(log, "rid=abc db: COMMIT failed: cannot commit - no transaction is active"));
    /* a constraint is an answer the caller handles, not an error of the store */
    assert_int_equal(dup, DB_CONSTRAINT);
    assert_null(strstr(log, "UNIQUE"));
    free(log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(statement_names_say_verb_and_table),
        cmocka_unit_test(failed_step_returns_error_and_logs_statement_reason_and_request),
        cmocka_unit_test(failed_prepare_returns_null_and_logs_statement_and_reason),
        cmocka_unit_test(wrong_bind_format_returns_null_and_logs_the_statement),
        cmocka_unit_test(failed_exec_and_constraint),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
