/* `plaza serve`: flags and environment into the config, the store opened and
 * migrated, keys loaded, demo data seeded, sockets bound, then the loops. */
#include "cli/serve.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/libcurl.h"
#include "core/db.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/sync.h"
#include "events/events.h"
#include "http/ratelimit.h"
#include "api/api.h"
#include "api/request_schema.h"
#include "http/router.h"
#include "http/server.h"
#include "market/market.h"
#include "tls/tls.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: plaza serve [options]\n"
               "  --listen HOST:PORT        where to listen (default 127.0.0.1:8080; PLAZA_LISTEN)\n"
               "  --db PATH|:memory:        SQLite database file (default :memory:; PLAZA_DB)\n"
               "  --admin-key KEY           key for /_plaza (default: derived from the store; PLAZA_ADMIN_KEY)\n"
               "  --public-url URL          origin written into URLs, e.g. api_url (PLAZA_PUBLIC_URL)\n"
               "  --threads N               event loops (default: one per core; PLAZA_THREADS)\n"
               "  --refresh-token-ttl SECS  refresh-token lifetime (default 7776000 = 90 days;\n"
               "                            PLAZA_REFRESH_TOKEN_TTL)\n"
               "  --rate-limits zoom|off    apply Zoom's rate limits per account and plan (default off;\n"
               "                            PLAZA_RATE_LIMITS); an account's own setting wins\n"
               "  --demo                    seed demo accounts, users and apps, and print them\n"
               "  --log-level LEVEL         debug, info (default), warn, error\n"
               "  --smtp URL                send the Marketplace's notifications over SMTP, e.g.\n"
               "                            smtp://mail.example.com:587 or smtps://... (PLAZA_SMTP);\n"
               "                            without it they are only recorded (GET /_plaza/mailbox)\n"
               "  --smtp-from ADDR          their sender (default marketplace@<public host>; PLAZA_SMTP_FROM)\n"
               "HTTPS at Zoom's hostnames (docs/tls.md):\n"
               "  --tls-listen HOST:PORT    also serve HTTPS there (PLAZA_TLS_LISTEN), with a certificate\n"
               "                            for zoom.us, *.zoom.us and the public URL's host issued by\n"
               "                            plaza's CA, kept in the store (`plaza ca` prints it)\n"
               "  --tls-cert FILE           your own certificate (PEM, chain after it) instead\n"
               "  --tls-key FILE            and its key (PLAZA_TLS_CERT, PLAZA_TLS_KEY)\n"
               "  --proxy-listen HOST:PORT  an HTTPS proxy (CONNECT) serving Zoom's hostnames itself\n"
               "                            (PLAZA_PROXY_LISTEN); other hosts are refused\n"
               "  --proxy-pass-through      the proxy tunnels other hosts unchanged\n"
               "                            (PLAZA_PROXY_PASS_THROUGH=1)\n");
}

/* Whether two listeners would share a port: each socket is opened with
 * SO_REUSEPORT (one per loop), so the kernel would let them and share the
 * connections out between plain HTTP, HTTPS and the proxy at random. */
static int same_port(const char *h1, int p1, const char *h2, int p2)
{
    return p1 != 0 && p1 == p2 && (strcmp(h1, h2) == 0 || strcmp(h1, "0.0.0.0") == 0 || strcmp(h2, "0.0.0.0") == 0);
}

static int ports_apart(const struct config *c)
{
    const char *clash = NULL, *with = NULL;
    if (c->tls_on && same_port(c->tls_listen_host, c->tls_listen_port, c->listen_host, c->listen_port))
        clash = "--tls-listen", with = "--listen";
    else if (c->proxy_on && same_port(c->proxy_listen_host, c->proxy_listen_port, c->listen_host, c->listen_port))
        clash = "--proxy-listen", with = "--listen";
    else if (c->proxy_on && c->tls_on &&
             same_port(c->proxy_listen_host, c->proxy_listen_port, c->tls_listen_host, c->tls_listen_port))
        clash = "--proxy-listen", with = "--tls-listen";
    if (clash)
        fprintf(stderr, "plaza: %s and %s need ports of their own\n", clash, with);
    return clash ? -1 : 0;
}

/* A new file store is made readable by its owner only before SQLite opens it,
 * so it never holds anything while readable by others; SQLite gives its -wal
 * and -shm files the same mode. */
static void create_private(const char *path)
{
    if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0 || db_is_postgres_url(path))
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        close(fd);
}

/* A file store holds plaza's keys and its CA's key: readable by its owner only,
 * with SQLite's -wal and -shm files beside it (a store made by an older plaza
 * or by hand too). */
static int keep_private(const char *path)
{
    if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0 || db_is_postgres_url(path))
        return 0;
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char p[1100];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        if (chmod(p, 0600) != 0 && (i == 0 || errno != ENOENT)) {
            fprintf(stderr, "plaza: cannot make %s readable by its owner only: %s\n", p, strerror(errno));
            return -1;
        }
    }
    return 0;
}

static const char *const *route_labels(void)
{
    static char labels[256][160];
    static const char *ptrs[256];
    for (size_t i = 0; i < routes_count && i < 256; i++) {
        snprintf(labels[i], sizeof labels[i], "%s %s", routes[i].method, routes[i].pattern);
        ptrs[i] = labels[i];
    }
    return ptrs;
}

static int parse_flags(int argc, char **argv, struct config *c)
{
    enum {
        O_LISTEN = 1, O_DB, O_ADMIN, O_PUBLIC, O_THREADS, O_TTL, O_DEMO, O_LOG, O_HELP, O_RATE, O_TLS_LISTEN,
        O_TLS_CERT, O_TLS_KEY, O_PROXY_LISTEN, O_PASS_THROUGH, O_SMTP, O_SMTP_FROM
    };
    static const struct option opts[] = {{"listen", required_argument, NULL, O_LISTEN},
                                         {"db", required_argument, NULL, O_DB},
                                         {"admin-key", required_argument, NULL, O_ADMIN},
                                         {"public-url", required_argument, NULL, O_PUBLIC},
                                         {"threads", required_argument, NULL, O_THREADS},
                                         {"refresh-token-ttl", required_argument, NULL, O_TTL},
                                         {"demo", no_argument, NULL, O_DEMO},
                                         {"log-level", required_argument, NULL, O_LOG},
                                         {"help", no_argument, NULL, O_HELP},
                                         {"rate-limits", required_argument, NULL, O_RATE},
                                         {"tls-listen", required_argument, NULL, O_TLS_LISTEN},
                                         {"tls-cert", required_argument, NULL, O_TLS_CERT},
                                         {"tls-key", required_argument, NULL, O_TLS_KEY},
                                         {"proxy-listen", required_argument, NULL, O_PROXY_LISTEN},
                                         {"proxy-pass-through", no_argument, NULL, O_PASS_THROUGH},
                                         {"smtp", required_argument, NULL, O_SMTP},
                                         {"smtp-from", required_argument, NULL, O_SMTP_FROM},
                                         {NULL, 0, NULL, 0}};
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        long v;
        switch (o) {
        case O_LISTEN:
            if (config_set_listen(c, optarg) != 0) {
                fprintf(stderr, "plaza: --listen wants HOST:PORT, got '%s'\n", optarg);
                return -1;
            }
            break;
        case O_DB:
            snprintf(c->db_path, sizeof c->db_path, "%s", optarg);
            break;
        case O_ADMIN:
            if (strlen(optarg) < 16 || strlen(optarg) >= sizeof c->admin_key) {
                fprintf(stderr, "plaza: --admin-key must be 16 to %zu characters\n", sizeof c->admin_key - 1);
                return -1;
            }
            snprintf(c->admin_key, sizeof c->admin_key, "%s", optarg);
            break;
        case O_PUBLIC:
            if (strncmp(optarg, "http://", 7) != 0 && strncmp(optarg, "https://", 8) != 0) {
                fprintf(stderr, "plaza: --public-url must start with http:// or https://\n");
                return -1;
            }
            snprintf(c->public_url, sizeof c->public_url, "%s", optarg);
            break;
        case O_THREADS:
            v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 64) {
                fprintf(stderr, "plaza: --threads must be 1 to 64\n");
                return -1;
            }
            c->threads = (int)v;
            break;
        case O_TTL:
            v = strtol(optarg, &end, 10);
            if (*end || v < 60) {
                fprintf(stderr, "plaza: --refresh-token-ttl must be at least 60 seconds\n");
                return -1;
            }
            c->refresh_ttl_s = v;
            break;
        case O_DEMO:
            c->demo = 1;
            break;
        case O_LOG:
            if (strcmp(optarg, "debug") == 0)
                log_set_level(LOG_DEBUG);
            else if (strcmp(optarg, "info") == 0)
                log_set_level(LOG_INFO);
            else if (strcmp(optarg, "warn") == 0)
                log_set_level(LOG_WARN);
            else if (strcmp(optarg, "error") == 0)
                log_set_level(LOG_ERROR);
            else {
                fprintf(stderr, "plaza: --log-level must be debug, info, warn or error\n");
                return -1;
            }
            break;
        case O_RATE:
            if (strcmp(optarg, "zoom") != 0 && strcmp(optarg, "off") != 0) {
                fprintf(stderr, "plaza: --rate-limits must be zoom or off\n");
                return -1;
            }
            ratelimit_set_default(strcmp(optarg, "zoom") == 0 ? RATELIMIT_ZOOM : RATELIMIT_OFF);
            break;
        case O_TLS_LISTEN:
            if (config_parse_listen(optarg, c->tls_listen_host, sizeof c->tls_listen_host, &c->tls_listen_port) != 0) {
                fprintf(stderr, "plaza: --tls-listen wants HOST:PORT, got '%s'\n", optarg);
                return -1;
            }
            c->tls_on = 1;
            break;
        case O_PROXY_LISTEN:
            if (config_parse_listen(optarg, c->proxy_listen_host, sizeof c->proxy_listen_host, &c->proxy_listen_port) !=
                0) {
                fprintf(stderr, "plaza: --proxy-listen wants HOST:PORT, got '%s'\n", optarg);
                return -1;
            }
            c->proxy_on = 1;
            break;
        case O_TLS_CERT:
        case O_TLS_KEY:
            if (strlen(optarg) >= sizeof c->tls_cert) {
                fprintf(stderr, "plaza: --tls-%s: the path is too long\n", o == O_TLS_CERT ? "cert" : "key");
                return -1;
            }
            snprintf(o == O_TLS_CERT ? c->tls_cert : c->tls_key, sizeof c->tls_cert, "%s", optarg);
            break;
        case O_PASS_THROUGH:
            c->proxy_pass_through = 1;
            break;
        case O_SMTP:
        case O_SMTP_FROM:
            if (strlen(optarg) >= (o == O_SMTP ? sizeof c->smtp_url : sizeof c->smtp_from)) {
                fprintf(stderr, "plaza: --%s is too long\n", o == O_SMTP ? "smtp" : "smtp-from");
                return -1;
            }
            if (o == O_SMTP)
                snprintf(c->smtp_url, sizeof c->smtp_url, "%s", optarg);
            else
                snprintf(c->smtp_from, sizeof c->smtp_from, "%s", optarg);
            break;
        case O_HELP:
            usage(stdout);
            exit(0);
        default:
            usage(stderr);
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "plaza serve: unexpected argument '%s'\n", argv[optind]);
        return -1;
    }
    return 0;
}

int serve_main(int argc, char **argv)
{
    struct config *c = config_edit();
    config_defaults(c);
    const char *rl = getenv("PLAZA_RATE_LIMITS");
    if (rl && strcmp(rl, "zoom") != 0 && strcmp(rl, "off") != 0) {
        fprintf(stderr, "plaza: PLAZA_RATE_LIMITS must be zoom or off\n");
        return 2;
    }
    ratelimit_set_default(rl && strcmp(rl, "zoom") == 0 ? RATELIMIT_ZOOM : RATELIMIT_OFF);
    if (parse_flags(argc, argv, c) != 0)
        return 2;
    /* the environment gets the checks the flags get */
    if (c->admin_key[0] && strlen(c->admin_key) < 16) {
        fprintf(stderr, "plaza: the admin key (PLAZA_ADMIN_KEY) must be at least 16 characters\n");
        return 2;
    }
    if (c->refresh_ttl_s < 60) {
        fprintf(stderr, "plaza: the refresh-token lifetime (PLAZA_REFRESH_TOKEN_TTL) must be at least 60 seconds\n");
        return 2;
    }
    if (!c->tls_cert[0] != !c->tls_key[0]) {
        fprintf(stderr, "plaza: --tls-cert and --tls-key go together\n");
        return 2;
    }
    if (c->tls_cert[0] && !config_zoom_hosts(c)) {
        fprintf(stderr, "plaza: --tls-cert is for --tls-listen or --proxy-listen\n");
        return 2;
    }
    if (c->proxy_pass_through && !c->proxy_on) {
        fprintf(stderr, "plaza: --proxy-pass-through is for --proxy-listen\n");
        return 2;
    }
    if (ports_apart(c) != 0)
        return 2;
    if (c->smtp_url[0] && strncmp(c->smtp_url, "smtp://", 7) != 0 && strncmp(c->smtp_url, "smtps://", 8) != 0) {
        fprintf(stderr, "plaza: --smtp (PLAZA_SMTP) must start with smtp:// or smtps://\n");
        return 2;
    }
    if (c->smtp_from[0] && (!strchr(c->smtp_from, '@') || strpbrk(c->smtp_from, " <>\r\n"))) {
        fprintf(stderr, "plaza: --smtp-from (PLAZA_SMTP_FROM) must be an address, like marketplace@example.com\n");
        return 2;
    }
    if (crypto_init() != 0) {
        fprintf(stderr, "plaza: cannot initialise the crypto libraries\n");
        return 1;
    }

    int rc = 1;
    struct db *db = NULL;
    SSL_CTX *ssl_ctx = NULL;
    create_private(c->db_path);
    if (db_open(&db, c->db_path) != DB_DONE || keep_private(c->db_path) != 0 || db_migrate(db) != DB_DONE ||
        clock_load(db) != 0 ||
        config_load_keys(c, db) != 0 || installs_load(db) != 0 || schema_init() != 0 || ratelimit_load(db) != 0)
        goto out;
    domains_webhook_urls_from(events_subscription_urls);
    meetings_daily_limit_from(ratelimit_enabled);
    /* with PostgreSQL, other nodes may share the store: keep in step with them */
    if (clock_sync_subscribe() != 0 || installs_sync_subscribe() != 0 || users_sync_subscribe() != 0 ||
        ratelimit_sync_subscribe() != 0 || sync_start(c) != 0)
        goto out;
    if (server_bind(c) != 0)
        goto out;
    config_finish_public_url(c);
    if (config_zoom_hosts(c)) {
        char err[512];
        if (!(ssl_ctx = tls_server_context(db, c, err, sizeof err))) {
            fprintf(stderr, "plaza: %s\n", err);
            goto out;
        }
    }
    if (c->demo && demo_seed(db, 0) != 0)
        goto out;
    metrics_init(routes_count, route_labels());

    char db_shown[sizeof c->db_path];
    db_display_name(c->db_path, db_shown, sizeof db_shown);
    printf("plaza is serving on %s\n"
           "  listening    http://%s:%d\n"
           "  OAuth        %s/oauth/authorize, %s/oauth/token\n"
           "  REST API     %s/v2\n"
           "  portal       %s/marketplace  (sign in as any user)\n"
           "  control API  %s/_plaza  (Authorization: Bearer <admin key>, or a user's token or session)\n"
           "  admin key    %s%s\n"
           "  database     %s\n",
           c->public_url, c->listen_host, c->listen_port, c->public_url, c->public_url, c->public_url, c->public_url,
           c->public_url,
           c->admin_key,
           c->admin_key_derived ? "  (derived from the database; pass --admin-key to choose one)" : "",
           db_shown);
    if (c->tls_on)
        printf("  HTTPS        https://%s:%d  (%s)\n", c->tls_listen_host, c->tls_listen_port,
               c->tls_cert[0] ? "your certificate" : "zoom.us, api.zoom.us; trust the CA that `plaza ca` prints");
    if (c->proxy_on)
        printf("  HTTPS proxy  http://%s:%d  (CONNECT to Zoom's hosts%s)\n", c->proxy_listen_host,
               c->proxy_listen_port, c->proxy_pass_through ? "; other hosts tunnelled" : " only");
    if (c->smtp_url[0]) { /* without the credentials a URL may carry (smtp://user:password@host) */
        const char *host = strstr(c->smtp_url, "://") + 3, *at = strchr(host, '@');
        printf("  SMTP         %.*s%s  (the Marketplace's notifications)\n", (int)(host - c->smtp_url), c->smtp_url,
               at ? at + 1 : host);
    }
    if (c->demo)
        demo_seed(db, 1);
    fflush(stdout);

    /* the main connection is not needed while serving; each loop has its own */
    if (webhooks_start(c) != 0) {
        log_error("plaza: cannot start the webhook worker");
        goto out;
    }
    if (mailer_start(c) != 0) {
        log_error("plaza: cannot start the mailer");
        webhooks_stop();
        goto out;
    }
    rc = server_run(c, ssl_ctx) == 0 ? 0 : 1;
    mailer_stop();
    webhooks_stop();
out:
    sync_stop();
    SSL_CTX_free(ssl_ctx);
    db_close(db);
    metrics_free();
    installs_free();
    schema_free();
    ratelimit_free();
    libcurl_unload();
    return rc;
}
