/* The submission checklist, as Zoom's Submit page lists it: each section
 * ready or not, with the exact fields missing or invalid. checklist_build is
 * pure (unit-tested); app_checklist gathers its input from the store. */
#include "market/app_listing_store.h"
#include "market/market.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCOPE_DESC_MIN 10 /* characters of a scope's "why the app needs it" */

static const char *const names[CHECK_SECTION_COUNT] = {
    [CHECK_BASIC] = SECTION_BASIC,         [CHECK_LISTING] = SECTION_LISTING,
    [CHECK_FEATURES] = SECTION_FEATURES,   [CHECK_SCOPES] = SECTION_SCOPES,
    [CHECK_TECHNICAL] = SECTION_TECHNICAL, [CHECK_SUBMISSION] = SECTION_SUBMISSION,
    [CHECK_LINK] = "publishable_url",
};

int scope_is_broad(const char *scope)
{
    if (strncmp(scope, "chat_message:read", 17) == 0 || strncmp(scope, "team_chat:read", 14) == 0)
        return 1; /* chat history */
    return scope_is_admin(scope) &&
           (strstr(scope, ":write") != NULL || strstr(scope, ":update:") != NULL || strstr(scope, ":delete:") != NULL);
}

static void add(struct checklist_section_state *s, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add(struct checklist_section_state *s, const char *field, const char *fmt, ...)
{
    s->ready = 0;
    if (s->nitems == CHECK_ITEMS_MAX)
        return;
    if (s->nitems == CHECK_ITEMS_MAX - 1) { /* the last slot says the list goes on */
        snprintf(s->items[s->nitems].field, sizeof s->items[0].field, "%s", "...");
        snprintf(s->items[s->nitems++].message, sizeof s->items[0].message, "and more: fix these first");
        return;
    }
    struct checklist_item *it = &s->items[s->nitems++];
    snprintf(it->field, sizeof it->field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->message, sizeof it->message, fmt, ap);
    va_end(ap);
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static void need_text(struct checklist_section_state *s, json_t *doc, const char *section, const char *field,
                      const char *what)
{
    char path[96];
    snprintf(path, sizeof path, "%s.%s", section, field);
    if (blank(sections_str(doc, section, field)))
        add(s, path, "is required: %s", what);
}

static int chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

void checklist_build(const struct checklist_input *in, struct checklist *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < CHECK_SECTION_COUNT; i++) {
        out->sections[i].name = names[i];
        out->sections[i].required = i != CHECK_LINK;
        out->sections[i].ready = 1;
    }
    const struct app_details *d = in->app;
    json_t *doc = in->sections;
    int oauth = d->app.type == APP_OAUTH || d->app.type == APP_CHATBOT;

    struct checklist_section_state *s = &out->sections[CHECK_BASIC];
    if (!oauth)
        add(s, "type", "%s apps are not submitted to the Marketplace", app_type_name(d->app.type));
    if (oauth && !d->urls[ENV_DEVELOPMENT].redirect_url[0])
        add(s, "oauth.development.redirect_url", "is required");
    if (oauth && !d->urls[ENV_PRODUCTION].redirect_url[0])
        add(s, "oauth.production.redirect_url", "is required: configure the production side");
    int has_prod = 0;
    for (int i = 0; i < d->ncreds; i++)
        has_prod |= d->creds[i].env == ENV_PRODUCTION;
    if (oauth && !has_prod)
        add(s, "credentials.production", "do not exist yet: they come with the production redirect URL");
    const char *method = sections_str(doc, SECTION_BASIC, "install_method");
    if (method && strcmp(method, "landing_page") == 0)
        need_text(s, doc, SECTION_BASIC, "direct_landing_url", "the landing page installs start from");

    s = &out->sections[CHECK_LISTING];
    need_text(s, doc, SECTION_LISTING, "company_name", "the company shown on the listing");
    need_text(s, doc, SECTION_LISTING, "short_description", "one line, at most 150 characters");
    need_text(s, doc, SECTION_LISTING, "long_description", "what the app does, at most 4000 characters");
    if (in->media[MEDIA_PREVIEW] < 1)
        add(s, "app_listing.preview_images", "at least one image of exactly %dx%d pixels (JPG, GIF or PNG)",
            MEDIA_PREVIEW_WIDTH, MEDIA_PREVIEW_HEIGHT);
    need_text(s, doc, SECTION_LISTING, "developer_contact_name", "who reviewers may contact");
    need_text(s, doc, SECTION_LISTING, "developer_contact_email", "an e-mail address for reviewers");
    need_text(s, doc, SECTION_LISTING, "privacy_policy_url", "an https URL");
    need_text(s, doc, SECTION_LISTING, "terms_of_use_url", "an https URL");
    need_text(s, doc, SECTION_LISTING, "support_url", "an https URL");
    need_text(s, doc, SECTION_LISTING, "documentation_url", "an https URL");

    s = &out->sections[CHECK_FEATURES];
    need_text(s, doc, SECTION_FEATURES, "deauthorization_url", "the endpoint app_deauthorized notifications go to");
    if (d->app.type == APP_CHATBOT) {
        need_text(s, doc, SECTION_FEATURES, "bot_endpoint_url", "where chat messages to the bot are sent");
        if (json_array_size(json_object_get(json_object_get(doc, SECTION_FEATURES), "chat_commands")) == 0)
            add(s, "features.chat_commands", "at least one slash command is required for a chatbot");
    }
    const struct app_tab *prod = in->production;
    if (prod && prod->device_oauth)
        add(s, "production.features.device_oauth", "must be off");

    /* the Production tab's scopes are what is reviewed and what other accounts are asked for */
    s = &out->sections[CHECK_SCOPES];
    int nscopes = prod ? prod->nscopes : 0;
    if (nscopes == 0)
        add(s, "production.scopes", "at least one scope is required on the Production tab%s",
            d->nscopes ? " (PATCH /_plaza/apps/{id}/environments/production {\"from_development\": true} copies "
                         "the Development tab's)"
                       : "");
    for (int i = 0; i < nscopes; i++) {
        const struct app_scope *sc = &prod->scopes[i];
        char f[96];
        snprintf(f, sizeof f, "production.scopes.%s", sc->scope);
        if (!scope_words(sc->scope))
            add(s, f, "is not a scope plaza knows");
        else if (scope_is_admin(sc->scope) && d->app.management == MGMT_USER)
            add(s, f, "is account-level: only admin-managed apps may use it");
        else if (strcmp(sc->scope, "imchat:bot") == 0 && d->app.type != APP_CHATBOT)
            add(s, f, "is only for chatbot apps");
        else if (blank(sc->description) || chars(sc->description) < SCOPE_DESC_MIN)
            add(s, f, "needs a description of why the app needs it (at least %d characters)", SCOPE_DESC_MIN);
        out->security_review |= scope_is_broad(sc->scope);
    }

    s = &out->sections[CHECK_TECHNICAL];
    need_text(s, doc, SECTION_TECHNICAL, "technology_stack", "an overview of the technology stack");
    if (in->media[MEDIA_ARCHITECTURE] < 1)
        add(s, "technical_design.architecture_diagram", "a PNG or JPG under 5 MB is required");
    /* the two security questions: a yes needs its document, a no needs the answer saying what is done instead */
    static const struct {
        const char *question, *answer, *doc_field, *what;
        enum media_kind doc;
    } questions[] = {
        {"secure_development", "secure_development_answer", "technical_design.secure_development_document",
         "Do you have a secure software development process (SSDLC)?", MEDIA_SECURITY_DOC},
        {"sast_dast", "sast_dast_answer", "technical_design.sast_dast_evidence",
         "Does the application undergo SAST and/or DAST testing?", MEDIA_SAST_EVIDENCE},
    };
    for (size_t q = 0; q < sizeof questions / sizeof questions[0]; q++) {
        json_t *yes = json_object_get(json_object_get(doc, SECTION_TECHNICAL), questions[q].question);
        char path[96];
        snprintf(path, sizeof path, "%s.%s", SECTION_TECHNICAL, questions[q].question);
        if (!json_is_boolean(yes))
            add(s, path, "is required: yes (true) or no (false) to \"%s\"", questions[q].what);
        else if (json_is_true(yes) && in->media[questions[q].doc] < 1)
            add(s, questions[q].doc_field, "is required: the answer is yes, upload the document backing it");
        else if (json_is_false(yes))
            need_text(s, doc, SECTION_TECHNICAL, questions[q].answer, "the answer is no: say what is done instead");
    }

    s = &out->sections[CHECK_SUBMISSION];
    need_text(s, doc, SECTION_SUBMISSION, "test_account_email", "an account reviewers can test with");
    need_text(s, doc, SECTION_SUBMISSION, "test_account_password", "the test account's password, for reviewers");
    need_text(s, doc, SECTION_SUBMISSION, "test_account_url", "where reviewers sign in with the test account");
    if (!json_is_true(json_object_get(json_object_get(doc, SECTION_SUBMISSION), "terms_accepted")))
        add(s, "submission.terms_accepted", "the developer terms must be accepted");
    for (int i = 0; i < in->ndomains; i++) {
        if (in->domains[i].verified)
            continue;
        char f[80];
        snprintf(f, sizeof f, "domains[%.60s]", in->domains[i].origin);
        add(s, f, "is not verified (used by %s): serve the verification code at %.60s/verifyzoom.html",
            in->domains[i].used_by, in->domains[i].origin);
    }

    s = &out->sections[CHECK_LINK];
    if (in->has_link && !in->link_valid)
        add(s, "publishable_url", "no longer installs: %s; generate a new one", in->link_reason ? in->link_reason : "");

    out->ready = 1;
    for (int i = 0; i < CHECK_SECTION_COUNT; i++)
        if (out->sections[i].required && !out->sections[i].ready)
            out->ready = 0;
}

int app_checklist(struct db *db, const char *app_id, struct checklist *out, struct perr *e)
{
    struct app_details *d = malloc(sizeof *d);
    struct app_domain *domains = malloc(sizeof *domains * DOMAINS_MAX);
    struct checklist_input in = {0};
    struct app_tab *prod = malloc(sizeof *prod);
    struct app_link link;
    char code[48];
    int rc = -1;
    struct app_domains listed = {domains, DOMAINS_MAX, 0};
    if (!d || !domains || !prod) {
        perr_set(e, PERR_INTERNAL, "Out of memory.");
        goto out;
    }
    if (app_details(db, app_id, d, e) != 0 || sections_get(db, app_id, &in.sections, e) != 0 ||
        app_tab_get(db, app_id, ENV_PRODUCTION, prod, e) != 0 ||
        domains_list(db, app_id, &listed, code, e) != 0)
        goto out;
    in.ndomains = listed.n;
    if (media_store_counts(db, app_id, in.media) != 0) {
        perr_set(e, PERR_INTERNAL, "Counting the media failed.");
        goto out;
    }
    in.app = d;
    in.production = prod;
    in.domains = domains;
    in.has_link = link_get(db, app_id, &link) == 1;
    in.link_valid = in.has_link && link.valid;
    in.link_reason = in.has_link ? link.reason : NULL;
    checklist_build(&in, out);
    rc = 0;
out:
    json_decref(in.sections);
    free(d);
    free(prod);
    free(domains);
    return rc;
}
