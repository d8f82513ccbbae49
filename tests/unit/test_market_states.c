/* Covers market/states.c (the review state machine) and market/checklist.c (checklist_build). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "market/market.h"

#include <stdlib.h>
#include <string.h>

static void the_happy_path_goes_draft_to_published(void **state)
{
    (void)state;
    assert_int_equal(app_state_next(APP_DRAFT, APP_EV_SUBMIT), APP_SUBMITTED);
    assert_int_equal(app_state_next(APP_SUBMITTED, APP_EV_START_REVIEW), APP_IN_REVIEW);
    assert_int_equal(app_state_next(APP_IN_REVIEW, APP_EV_APPROVE), APP_APPROVED);
    assert_int_equal(app_state_next(APP_APPROVED, APP_EV_PUBLISH), APP_PUBLISHED);
}

static void rejected_and_withdrawn_apps_resubmit_and_published_edits_open_a_draft(void **state)
{
    (void)state;
    assert_int_equal(app_state_next(APP_IN_REVIEW, APP_EV_REJECT), APP_REJECTED);
    assert_int_equal(app_state_next(APP_REJECTED, APP_EV_SUBMIT), APP_SUBMITTED);
    assert_int_equal(app_state_next(APP_SUBMITTED, APP_EV_WITHDRAW), APP_WITHDRAWN);
    assert_int_equal(app_state_next(APP_WITHDRAWN, APP_EV_SUBMIT), APP_SUBMITTED);
    assert_int_equal(app_state_next(APP_PUBLISHED, APP_EV_EDIT), APP_DRAFT);
}

static void wrong_state_transitions_are_refused(void **state)
{
    (void)state;
    assert_int_equal(app_state_next(APP_DRAFT, APP_EV_PUBLISH), -1);
    assert_int_equal(app_state_next(APP_DRAFT, APP_EV_APPROVE), -1);
    assert_int_equal(app_state_next(APP_SUBMITTED, APP_EV_EDIT), -1);
    assert_int_equal(app_state_next(APP_IN_REVIEW, APP_EV_EDIT), -1);
    assert_int_equal(app_state_next(APP_APPROVED, APP_EV_EDIT), -1);
    assert_int_equal(app_state_next(APP_PUBLISHED, APP_EV_WITHDRAW), -1);
    assert_int_equal(app_state_next(APP_PUBLISHED, APP_EV_SUBMIT), -1);
    assert_int_equal(app_state_next((enum app_state)42, APP_EV_SUBMIT), -1);
    char allowed[128];
    app_state_allowed(APP_DRAFT, allowed, sizeof allowed);
    assert_string_equal(allowed, "submit, edit");
}

static void state_names_round_trip(void **state)
{
    (void)state;
    for (int s = 0; s < APP_STATE_COUNT; s++) {
        enum app_state back;
        assert_int_equal(app_state_parse(app_state_name((enum app_state)s), &back), 0);
        assert_int_equal(back, s);
    }
    enum app_state x;
    assert_int_equal(app_state_parse("live", &x), -1);
}

static int has_item(const struct checklist *c, enum checklist_section s, const char *field)
{
    for (int i = 0; i < c->sections[s].nitems; i++)
        if (strcmp(c->sections[s].items[i].field, field) == 0)
            return 1;
    return 0;
}

static void checklist_of_an_empty_app_names_the_missing_fields(void **state)
{
    (void)state;
    struct app_details *d = calloc(1, sizeof *d);
    d->app.type = APP_OAUTH;
    snprintf(d->urls[ENV_DEVELOPMENT].redirect_url, sizeof d->urls[0].redirect_url, "https://a.example.test/cb");
    d->nscopes = 1;
    snprintf(d->scopes[0].scope, sizeof d->scopes[0].scope, "user:read");
    json_t *doc = json_object();
    struct checklist_input in = {.app = d, .sections = doc};
    struct checklist c;
    checklist_build(&in, &c);
    assert_false(c.ready);
    assert_true(has_item(&c, CHECK_BASIC, "oauth.production.redirect_url"));
    assert_false(has_item(&c, CHECK_BASIC, "oauth.development.redirect_url"));
    assert_true(has_item(&c, CHECK_LISTING, "app_listing.company_name"));
    assert_true(has_item(&c, CHECK_LISTING, "app_listing.preview_images"));
    assert_true(has_item(&c, CHECK_SCOPES, "production.scopes")); /* no Production tab: nothing reviewed yet */
    assert_false(has_item(&c, CHECK_SCOPES, "scopes.user:read"));
    assert_true(has_item(&c, CHECK_TECHNICAL, "technical_design.secure_development"));
    assert_true(has_item(&c, CHECK_SUBMISSION, "submission.test_account_password"));
    assert_true(has_item(&c, CHECK_SUBMISSION, "submission.test_account_url"));
    assert_true(has_item(&c, CHECK_SUBMISSION, "submission.terms_accepted"));
    assert_true(c.sections[CHECK_LINK].ready);
    assert_false(c.security_review);
    json_decref(doc);
    free(d);
}

static void checklist_flags_broad_scopes_and_a_stale_link_without_blocking_on_it(void **state)
{
    (void)state;
    assert_true(scope_is_broad("meeting:write:admin"));
    assert_true(scope_is_broad("user:update:user:admin"));
    assert_true(scope_is_broad("chat_message:read"));
    assert_false(scope_is_broad("meeting:read:admin"));
    assert_false(scope_is_broad("meeting:write"));
    struct app_details *d = calloc(1, sizeof *d);
    d->app.type = APP_OAUTH;
    d->app.management = MGMT_ADMIN;
    d->nscopes = 1;
    snprintf(d->scopes[0].scope, sizeof d->scopes[0].scope, "meeting:write:admin");
    snprintf(d->scopes[0].description, sizeof d->scopes[0].description, "Creates meetings for the account.");
    struct app_tab *prod = calloc(1, sizeof *prod);
    prod->env = ENV_PRODUCTION;
    prod->nscopes = 1;
    prod->scopes[0] = d->scopes[0];
    json_t *doc = json_object();
    struct checklist_input in = {.app = d, .production = prod, .sections = doc, .has_link = 1, .link_valid = 0,
                                 .link_reason = "the app's redirect URL changed"};
    struct checklist c;
    checklist_build(&in, &c);
    assert_true(c.security_review);
    assert_true(c.sections[CHECK_SCOPES].ready);
    assert_false(c.sections[CHECK_LINK].ready);
    assert_false(c.sections[CHECK_LINK].required);
    assert_non_null(strstr(c.sections[CHECK_LINK].items[0].message, "redirect URL changed"));
    json_decref(doc);
    free(prod);
    free(d);
}

/* The Production tab is judged, not the Development one: its scopes need
 * descriptions and its Device OAuth must be off. */
static void checklist_judges_the_production_tab(void **state)
{
    (void)state;
    struct app_details *d = calloc(1, sizeof *d);
    struct app_tab *prod = calloc(1, sizeof *prod);
    d->app.type = APP_OAUTH;
    d->nscopes = 1;
    snprintf(d->scopes[0].scope, sizeof d->scopes[0].scope, "user:read"); /* development: no description */
    prod->env = ENV_PRODUCTION;
    prod->nscopes = 2;
    snprintf(prod->scopes[0].scope, sizeof prod->scopes[0].scope, "meeting:read");
    snprintf(prod->scopes[0].description, sizeof prod->scopes[0].description, "Lists the meetings it schedules.");
    snprintf(prod->scopes[1].scope, sizeof prod->scopes[1].scope, "user:read");
    prod->device_oauth = 1;
    json_t *doc = json_object();
    struct checklist_input in = {.app = d, .production = prod, .sections = doc};
    struct checklist c;
    checklist_build(&in, &c);
    assert_true(has_item(&c, CHECK_SCOPES, "production.scopes.user:read"));
    assert_false(has_item(&c, CHECK_SCOPES, "production.scopes.meeting:read"));
    assert_true(has_item(&c, CHECK_FEATURES, "production.features.device_oauth"));
    snprintf(prod->scopes[1].description, sizeof prod->scopes[1].description, "Shows your own name.");
    prod->device_oauth = 0;
    checklist_build(&in, &c);
    assert_true(c.sections[CHECK_SCOPES].ready);
    assert_false(has_item(&c, CHECK_FEATURES, "production.features.device_oauth"));
    json_decref(doc);
    free(prod);
    free(d);
}

/* A yes to a security question needs its document; a no needs the answer. */
static void security_questions_ask_for_a_document_on_yes_and_an_answer_on_no(void **state)
{
    (void)state;
    struct app_details *d = calloc(1, sizeof *d);
    d->app.type = APP_OAUTH;
    json_t *doc = json_pack("{s:{s:b,s:b}}", SECTION_TECHNICAL, "secure_development", 1, "sast_dast", 0);
    struct checklist_input in = {.app = d, .sections = doc};
    struct checklist c;
    checklist_build(&in, &c);
    assert_true(has_item(&c, CHECK_TECHNICAL, "technical_design.secure_development_document"));
    assert_false(has_item(&c, CHECK_TECHNICAL, "technical_design.secure_development_answer"));
    assert_true(has_item(&c, CHECK_TECHNICAL, "technical_design.sast_dast_answer"));
    assert_false(has_item(&c, CHECK_TECHNICAL, "technical_design.sast_dast_evidence"));
    assert_false(has_item(&c, CHECK_TECHNICAL, "technical_design.secure_development"));
    in.media[MEDIA_SECURITY_DOC] = 1;
    json_object_set_new(json_object_get(doc, SECTION_TECHNICAL), "sast_dast_answer", json_string("Manual review."));
    checklist_build(&in, &c);
    assert_false(has_item(&c, CHECK_TECHNICAL, "technical_design.secure_development_document"));
    assert_false(has_item(&c, CHECK_TECHNICAL, "technical_design.sast_dast_answer"));
    json_decref(doc);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_happy_path_goes_draft_to_published),
        cmocka_unit_test(rejected_and_withdrawn_apps_resubmit_and_published_edits_open_a_draft),
        cmocka_unit_test(wrong_state_transitions_are_refused),
        cmocka_unit_test(state_names_round_trip),
        cmocka_unit_test(checklist_of_an_empty_app_names_the_missing_fields),
        cmocka_unit_test(checklist_flags_broad_scopes_and_a_stale_link_without_blocking_on_it),
        cmocka_unit_test(checklist_judges_the_production_tab),
        cmocka_unit_test(security_questions_ask_for_a_document_on_yes_and_an_answer_on_no),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
