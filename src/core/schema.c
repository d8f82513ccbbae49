/* The schema, as numbered migrations applied in order at start.
 * Never edit a released migration: add the next one. */
#include "core/db.h"
#include "core/log.h"

#include <stddef.h>

static const char *const migrations[] = {
    /* 1: accounts, users, apps, credentials, installs, OAuth grants */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE clock (id INTEGER PRIMARY KEY CHECK (id = 1), offset_s INTEGER NOT NULL);"
    "CREATE TABLE accounts ("
    "  id TEXT PRIMARY KEY, name TEXT NOT NULL, plan TEXT NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE TABLE users ("
    "  id TEXT PRIMARY KEY,"
    "  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  email TEXT NOT NULL UNIQUE,"
    "  first_name TEXT NOT NULL, last_name TEXT NOT NULL, display_name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),"
    "  type INTEGER NOT NULL CHECK (type IN (1, 2)),"
    "  pmi INTEGER NOT NULL UNIQUE,"
    "  timezone TEXT NOT NULL, language TEXT NOT NULL, dept TEXT NOT NULL, job_title TEXT NOT NULL,"
    "  location TEXT NOT NULL, phone_number TEXT NOT NULL, status TEXT NOT NULL,"
    "  password_hash TEXT, created_at INTEGER NOT NULL, last_login_at INTEGER);"
    "CREATE INDEX users_account ON users (account_id);"
    "CREATE TABLE apps ("
    "  id TEXT PRIMARY KEY,"
    "  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,"
    "  type TEXT NOT NULL CHECK (type IN ('oauth', 's2s', 'webhook', 'chatbot')),"
    "  management TEXT NOT NULL CHECK (management IN ('user', 'admin')),"
    "  status TEXT NOT NULL, published INTEGER NOT NULL DEFAULT 0,"
    "  strict_mode INTEGER NOT NULL, subdomain_check INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE INDEX apps_account ON apps (account_id);"
    "CREATE TABLE app_urls ("
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  env TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('redirect', 'allow')),"
    "  position INTEGER NOT NULL, url TEXT NOT NULL,"
    "  PRIMARY KEY (app_id, env, kind, position));"
    "CREATE TABLE app_scopes ("
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  scope TEXT NOT NULL, description TEXT NOT NULL,"
    "  PRIMARY KEY (app_id, scope));"
    "CREATE TABLE credentials ("
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  env TEXT NOT NULL CHECK (env IN ('development', 'production')),"
    "  client_id TEXT NOT NULL UNIQUE, secret_hash TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, rotated_at INTEGER,"
    "  PRIMARY KEY (app_id, env));"
    "CREATE TABLE installs ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT," /* never reused: tokens name installs by id */
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  env TEXT NOT NULL,"
    "  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  user_id TEXT NOT NULL," /* '' for account-wide installs */
    "  installed_by TEXT NOT NULL, scopes TEXT NOT NULL,"
    "  generation INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, revoked_at INTEGER,"
    "  UNIQUE (app_id, env, account_id, user_id));"
    "CREATE INDEX installs_account ON installs (account_id);"
    "CREATE TABLE auth_codes ("
    "  hash TEXT PRIMARY KEY,"
    "  install_id INTEGER NOT NULL REFERENCES installs(id) ON DELETE CASCADE,"
    "  user_id TEXT NOT NULL, client_id TEXT NOT NULL, redirect_uri TEXT NOT NULL, scopes TEXT NOT NULL,"
    "  challenge TEXT, challenge_method TEXT,"
    "  expires_at INTEGER NOT NULL, used_at INTEGER, created_at INTEGER NOT NULL);"
    "CREATE INDEX auth_codes_install ON auth_codes (install_id);"
    "CREATE TABLE refresh_tokens ("
    "  hash TEXT PRIMARY KEY,"
    "  install_id INTEGER NOT NULL REFERENCES installs(id) ON DELETE CASCADE,"
    "  family TEXT NOT NULL, user_id TEXT NOT NULL, client_id TEXT NOT NULL, scopes TEXT NOT NULL,"
    "  expires_at INTEGER NOT NULL, rotated_at INTEGER, revoked_at INTEGER, created_at INTEGER NOT NULL);"
    "CREATE INDEX refresh_tokens_install ON refresh_tokens (install_id);"
    "CREATE INDEX refresh_tokens_family ON refresh_tokens (family);"
    "CREATE TABLE sessions ("
    "  hash TEXT PRIMARY KEY,"
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  csrf TEXT NOT NULL, expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE TABLE compliance ("
    "  id INTEGER PRIMARY KEY,"
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  client_id TEXT NOT NULL, account_id TEXT NOT NULL, user_id TEXT NOT NULL,"
    "  compliance_completed INTEGER NOT NULL, body TEXT NOT NULL, received_at INTEGER NOT NULL);",

    /* 2: the REST API's state (meetings, webinars, registrants, panelists, recordings, user settings),
     * and the event outbox written in the same transaction as each change */
    "CREATE TABLE user_settings ("
    "  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, doc TEXT NOT NULL);"
    "CREATE TABLE assistants ("
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  assistant_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  created_at INTEGER NOT NULL, PRIMARY KEY (user_id, assistant_id));"
    "CREATE TABLE meetings ("
    "  id INTEGER PRIMARY KEY," /* Zoom's meeting or webinar number */
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('meeting', 'webinar')),"
    "  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  host_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  type INTEGER NOT NULL, status TEXT NOT NULL," /* waiting, started, ended */
    "  start_time INTEGER NOT NULL," /* epoch seconds; the creation time when there is no fixed time */
    "  doc TEXT NOT NULL," /* the object's stored fields, JSON */
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER);"
    "CREATE INDEX meetings_host ON meetings (host_id, kind, deleted_at, start_time, id);"
    "CREATE TABLE daily_counts ("
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, day INTEGER NOT NULL, what TEXT NOT NULL,"
    "  count INTEGER NOT NULL, PRIMARY KEY (user_id, day, what));"
    "CREATE TABLE registrants ("
    "  id TEXT PRIMARY KEY,"
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  email TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('approved', 'pending', 'denied')),"
    "  doc TEXT NOT NULL, create_time INTEGER NOT NULL, seq INTEGER NOT NULL,"
    "  UNIQUE (meeting_id, email));"
    "CREATE INDEX registrants_meeting ON registrants (meeting_id, status, seq);"
    "CREATE TABLE panelists ("
    "  id TEXT PRIMARY KEY,"
    "  webinar_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  email TEXT NOT NULL, doc TEXT NOT NULL, created_at INTEGER NOT NULL, seq INTEGER NOT NULL,"
    "  UNIQUE (webinar_id, email));"
    "CREATE TABLE recordings (" /* one per meeting instance with a cloud recording */
    "  uuid TEXT PRIMARY KEY,"
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  account_id TEXT NOT NULL, host_id TEXT NOT NULL,"
    "  start_time INTEGER NOT NULL, duration INTEGER NOT NULL, password TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX recordings_host ON recordings (host_id, start_time);"
    "CREATE TABLE recording_files ("
    "  id TEXT PRIMARY KEY,"
    "  recording_uuid TEXT NOT NULL REFERENCES recordings(uuid) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('file', 'participant_audio')),"
    "  file_type TEXT NOT NULL, recording_type TEXT NOT NULL, file_name TEXT NOT NULL,"
    "  file_size INTEGER NOT NULL, recording_start INTEGER NOT NULL, recording_end INTEGER NOT NULL,"
    "  status TEXT NOT NULL," /* completed, processing */
    "  trashed_at INTEGER, seq INTEGER NOT NULL);"
    "CREATE INDEX recording_files_recording ON recording_files (recording_uuid, seq);"
    "CREATE TABLE events (" /* the outbox */
    "  id INTEGER PRIMARY KEY,"
    "  account_id TEXT NOT NULL, app_id TEXT," /* app_id: for one app only (app_deauthorized) */
    "  event TEXT NOT NULL, body TEXT NOT NULL, event_ts INTEGER NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE INDEX events_account ON events (account_id, id);",

    /* 3: profile fields beyond the columns (company, pronouns, use_pmi, ...) as JSON */
    "ALTER TABLE users ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';",

    /* 4: simulated meetings: each start is an instance with its participants */
    "CREATE TABLE meeting_instances ("
    "  uuid TEXT PRIMARY KEY,"
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  started_at INTEGER NOT NULL, ended_at INTEGER, seq INTEGER NOT NULL);"
    "CREATE INDEX meeting_instances_meeting ON meeting_instances (meeting_id, seq);"
    "CREATE TABLE participants ("
    "  id TEXT PRIMARY KEY,"
    "  instance_uuid TEXT NOT NULL REFERENCES meeting_instances(uuid) ON DELETE CASCADE,"
    "  number INTEGER NOT NULL," /* Zoom's per-meeting user_id */
    "  user_id TEXT NOT NULL," /* a plaza user when signed in, else '' */
    "  name TEXT NOT NULL, email TEXT NOT NULL, joined_at INTEGER NOT NULL, left_at INTEGER);"
    "CREATE INDEX participants_instance ON participants (instance_uuid, number);",

    /* 5: an account's own rate-limit setting ('zoom', 'off'; NULL follows the server's) */
    "ALTER TABLE accounts ADD COLUMN rate_limits TEXT;",

    /* 6: webhooks: event subscriptions, deliveries and their attempts, deauthorizations awaiting compliance */
    "CREATE TABLE event_subscriptions ("
    "  id TEXT PRIMARY KEY,"
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  env TEXT NOT NULL CHECK (env IN ('development', 'production')),"
    "  name TEXT NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL," /* events: space-separated */
    "  secret_token TEXT NOT NULL, verification_token TEXT NOT NULL," /* sealed (crypto_seal) */
    "  state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'unvalidated', 'disabled')),"
    "  validated_at INTEGER, failures INTEGER NOT NULL DEFAULT 0, next_validation_at INTEGER,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE INDEX event_subscriptions_app ON event_subscriptions (app_id);"
    "CREATE TABLE deliveries ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  event_id INTEGER REFERENCES events(id) ON DELETE CASCADE," /* NULL for url validations */
    "  subscription_id TEXT NOT NULL REFERENCES event_subscriptions(id) ON DELETE CASCADE,"
    "  app_id TEXT NOT NULL, event TEXT NOT NULL, url TEXT NOT NULL, body TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'retrying', 'delivered', 'failed')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_at INTEGER NOT NULL," /* virtual clock, milliseconds */
    "  first_attempt_at INTEGER, delivered_at INTEGER, created_at INTEGER NOT NULL);"
    "CREATE INDEX deliveries_due ON deliveries (status, next_at);"
    "CREATE INDEX deliveries_app ON deliveries (app_id, id);"
    "CREATE TABLE delivery_attempts ("
    "  delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,"
    "  n INTEGER NOT NULL, started_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL,"
    "  request_headers TEXT NOT NULL, status_code INTEGER NOT NULL, error TEXT NOT NULL, response TEXT NOT NULL,"
    "  PRIMARY KEY (delivery_id, n));"
    "CREATE TABLE deauthorizations ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  client_id TEXT NOT NULL, account_id TEXT NOT NULL, user_id TEXT NOT NULL, signature TEXT NOT NULL,"
    "  deauthorized_at INTEGER NOT NULL, completed_at INTEGER, compliance_id INTEGER);"
    "CREATE INDEX deauthorizations_open ON deauthorizations (client_id, user_id, completed_at);",

    /* 7: the Marketplace lifecycle: versions and their transitions, sections, listing media, domains,
     * Publishable URLs, private sharing, reviewers, pre-approval, and how each install came to be */
    "ALTER TABLE apps ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE apps ADD COLUMN live_version INTEGER;" /* the published version, NULL before */
    "ALTER TABLE apps ADD COLUMN verification_code TEXT;"
    "ALTER TABLE installs ADD COLUMN app_version INTEGER;"
    "ALTER TABLE installs ADD COLUMN via TEXT;" /* own, shared, published */
    "CREATE TABLE app_sections ("
    "  app_id TEXT PRIMARY KEY REFERENCES apps(id) ON DELETE CASCADE,"
    "  doc TEXT NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE TABLE app_versions ("
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  version INTEGER NOT NULL, status TEXT NOT NULL, scopes TEXT NOT NULL, snapshot TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, submitted_at INTEGER, decided_at INTEGER, published_at INTEGER,"
    "  PRIMARY KEY (app_id, version));"
    "CREATE TABLE app_transitions ("
    "  id INTEGER PRIMARY KEY,"
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  version INTEGER NOT NULL, from_status TEXT NOT NULL, to_status TEXT NOT NULL,"
    "  actor_kind TEXT NOT NULL, actor_id TEXT NOT NULL, notes TEXT NOT NULL, sections TEXT NOT NULL,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX app_transitions_app ON app_transitions (app_id, id);"
    "CREATE TABLE reviewers ("
    "  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, added_at INTEGER NOT NULL);"
    "CREATE TABLE app_media ("
    "  id TEXT PRIMARY KEY,"
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL, filename TEXT NOT NULL, content_type TEXT NOT NULL,"
    "  width INTEGER NOT NULL, height INTEGER NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,"
    "  data BLOB NOT NULL, created_at INTEGER NOT NULL, seq INTEGER NOT NULL);"
    "CREATE INDEX app_media_app ON app_media (app_id, kind, seq);"
    "CREATE TABLE app_domains ("
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  origin TEXT NOT NULL, verified_at INTEGER, method TEXT, checked_at INTEGER, last_error TEXT NOT NULL,"
    "  PRIMARY KEY (app_id, origin));"
    "CREATE TABLE app_links ("
    "  app_id TEXT PRIMARY KEY REFERENCES apps(id) ON DELETE CASCADE,"
    "  token TEXT NOT NULL UNIQUE, env TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at INTEGER NOT NULL,"
    "  invalidated_at INTEGER, invalid_reason TEXT NOT NULL);"
    "CREATE TABLE share_requests ("
    "  id TEXT PRIMARY KEY,"
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),"
    "  will_publish INTEGER NOT NULL, customers INTEGER NOT NULL, customer_type TEXT NOT NULL,"
    "  duration_days INTEGER NOT NULL, reason TEXT NOT NULL, requested_by TEXT NOT NULL,"
    "  requested_at INTEGER NOT NULL, decided_at INTEGER, decision_notes TEXT NOT NULL,"
    "  valid_days INTEGER, expires_at INTEGER);"
    "CREATE INDEX share_requests_app ON share_requests (app_id, requested_at);"
    "CREATE UNIQUE INDEX share_requests_pending ON share_requests (app_id) WHERE status = 'pending';"
    "CREATE TABLE market_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE account_app_policies ("
    "  account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,"
    "  require_preapproval INTEGER NOT NULL, updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE TABLE preapproved_apps ("
    "  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  approved_by TEXT NOT NULL, approved_at INTEGER NOT NULL,"
    "  PRIMARY KEY (account_id, app_id));",

    /* 8: listing a host's meetings counts and filters from the index alone (status and type in it) */
    "DROP INDEX meetings_host;"
    "CREATE INDEX meetings_host ON meetings (host_id, kind, deleted_at, start_time, id, status, type);",

    /* 9: each host's count of scheduled (not deleted, not ended) meetings and webinars, kept with every change,
     * so that the default list's total_records needs no count over the host's meetings */
    "CREATE TABLE meeting_counts ("
    "  host_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, kind TEXT NOT NULL,"
    "  scheduled INTEGER NOT NULL, PRIMARY KEY (host_id, kind));"
    "INSERT INTO meeting_counts (host_id, kind, scheduled) SELECT host_id, kind, count(*) FROM meetings "
    "WHERE deleted_at IS NULL AND status <> 'ended' GROUP BY host_id, kind;",

    /* 10: the webhook worker reads each subscription's queue, and a waiting subscription's url_validation,
     * without looking at what was already delivered */
    "CREATE INDEX deliveries_queue ON deliveries (subscription_id, next_at, id) "
    "WHERE status IN ('pending', 'retrying');"
    "CREATE INDEX deliveries_validations ON deliveries (subscription_id, next_at, id) "
    "WHERE event = 'endpoint.url_validation' AND status IN ('pending', 'retrying');",

    /* 11: what a meeting list item shows, kept with every change so a page does not read whole documents */
    "ALTER TABLE meetings ADD COLUMN summary TEXT;",

    /* 12 (chatbot messages and profile pictures): a user's picture, served at its pic_url; the messages
     * between users and chatbot apps, both ways, kept so they can be listed */
    "CREATE TABLE user_pictures ("
    "  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
    "  file TEXT NOT NULL, content_type TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,"
    "  size INTEGER NOT NULL, data BLOB NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE TABLE chat_messages ("
    "  seq INTEGER PRIMARY KEY,"
    "  message_id TEXT NOT NULL UNIQUE,"
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  env TEXT NOT NULL, account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  direction TEXT NOT NULL CHECK (direction IN ('to_bot', 'from_bot')),"
    "  robot_jid TEXT NOT NULL, to_jid TEXT NOT NULL, user_jid TEXT NOT NULL, visible_to_user TEXT,"
    "  is_markdown INTEGER NOT NULL, body TEXT NOT NULL, sent_at INTEGER NOT NULL);"
    "CREATE INDEX chat_messages_app_user ON chat_messages (app_id, user_id, seq);",
    /* 13: an app's own endpoints beside its event subscriptions: its Deauthorization Notification Endpoint URL
     * (features, app_deauthorized) and a chatbot's Bot endpoint URL (features, bot_notification), one of each
     * kind per app and environment */
    "ALTER TABLE event_subscriptions ADD COLUMN kind TEXT NOT NULL DEFAULT 'subscription' "
    "CHECK (kind IN ('subscription', 'deauthorization', 'bot'));"
    "CREATE UNIQUE INDEX event_subscriptions_endpoints ON event_subscriptions (app_id, env, kind) "
    "WHERE kind <> 'subscription';",
    /* 14: the "Marketplace permissions" role an owner or admin grants to a
     * member, and each app's Production tab (its own Embed features and scopes) */
    "CREATE TABLE marketplace_permissions ("
    "  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  granted_by TEXT NOT NULL, granted_at INTEGER NOT NULL,"
    "  PRIMARY KEY (account_id, user_id));"
    "CREATE TABLE app_env_tabs ("
    "  app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,"
    "  env TEXT NOT NULL CHECK (env IN ('production')),"
    "  doc TEXT NOT NULL, updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (app_id, env));",
    /* 15: plaza's local certificate authority for HTTPS at Zoom's hostnames (tls/tls.c): one row, its
     * certificate and key as PEM; the key never leaves the store */
    "CREATE TABLE tls_ca ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  cert_pem TEXT NOT NULL, key_pem TEXT NOT NULL, created_at INTEGER NOT NULL);",
    /* 16: what a meeting answers, rendered with each change: its list item, split around its join URL's
     * origin, and its object with marks where each request puts in the host's e-mail, the status, the start
     * URL and the join URL's origin (api/meetings.c). Its own table, so that a page reads these small rows
     * and the meetings index, never the documents' overflow pages */
    "CREATE TABLE meeting_texts ("
    "  meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,"
    "  item_head TEXT NOT NULL, item_tail TEXT NOT NULL, object_text TEXT NOT NULL);",
    /* 17: several nodes on one store (core/sync.c): the nodes alive and the last announcement each has
     * applied, the announcements' sequence; a delivery's claim (the node sending it, and until when, in real
     * milliseconds); rate-limit counters every node counts in */
    "CREATE TABLE nodes ("
    "  id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, seen_at INTEGER NOT NULL, seen_seq INTEGER NOT NULL);"
    "CREATE TABLE sync_state (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);"
    "INSERT INTO sync_state (id, seq) VALUES (1, 0);"
    "ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;"
    "ALTER TABLE deliveries ADD COLUMN lease_until INTEGER;"
    "CREATE TABLE rate_counts ("
    "  account_id TEXT NOT NULL, bucket TEXT NOT NULL, period INTEGER NOT NULL, n INTEGER NOT NULL,"
    "  PRIMARY KEY (account_id, bucket));",

    /* 18: people acting for themselves on the control API: personal access tokens (by keyed hash), the
     * plaza-wide operator role, who created an app (members manage the apps they created), and failed
     * sign-ins per e-mail address, which slow the next ones down */
    "CREATE TABLE access_tokens ("
    "  id TEXT PRIMARY KEY,"
    "  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, last_used_at INTEGER);"
    "CREATE INDEX access_tokens_user ON access_tokens (user_id, created_at);"
    "CREATE TABLE operators ("
    "  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, added_at INTEGER NOT NULL);"
    "ALTER TABLE apps ADD COLUMN created_by TEXT;"
    "CREATE TABLE signin_failures ("
    "  email TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at INTEGER NOT NULL);",

    /* 19: the Marketplace's notifications (market/notify.c): each notice as recorded for its recipient, and
     * its sending over SMTP (market/mailer.c): not_sent without --smtp, queued until sent or failed, with the
     * attempts made, the last error and when the next attempt is due (virtual milliseconds) */
    "CREATE TABLE mailbox ("
    "  id INTEGER PRIMARY KEY,"
    "  to_user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  to_email TEXT NOT NULL,"
    "  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  app_id TEXT, kind TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  smtp_status TEXT NOT NULL CHECK (smtp_status IN ('not_sent', 'queued', 'sent', 'failed')),"
    "  smtp_error TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_at INTEGER, sent_at INTEGER);"
    "CREATE INDEX mailbox_user ON mailbox (to_user_id, id);"
    "CREATE INDEX mailbox_app ON mailbox (app_id, id);"
    "CREATE INDEX mailbox_queue ON mailbox (smtp_status, next_attempt_at);",

    /* 20: optimistic concurrency on an app and its parts; every change moves the revision on, reads answer it
     * as ETag "r<revision>" (http/revision.c) */
    "ALTER TABLE apps ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;",

    /* 21: what participants say and write in the chat during a simulated meeting instance, at their virtual
     * time (sim/sim.c): the transcript and the chat file of its recording are made of them */
    "CREATE TABLE meeting_lines ("
    "  id INTEGER PRIMARY KEY,"
    "  instance_uuid TEXT NOT NULL REFERENCES meeting_instances(uuid) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('say', 'chat')),"
    "  participant_id TEXT NOT NULL, name TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL);"
    "CREATE INDEX meeting_lines_instance ON meeting_lines (instance_uuid, id);",

    /* 22: an account's recordings listed by their start (GET /v2/accounts/{accountId}/recordings) */
    "CREATE INDEX recordings_account ON recordings (account_id, start_time);",

    /* 23: who a participant is in the instance: host, panelist (webinars) or attendee */
    "ALTER TABLE participants ADD COLUMN role TEXT NOT NULL DEFAULT 'attendee';",

    /* 24: a credential's secret sealed with the store's seal key, besides its keyed hash, so that plaza can
     * verify the HS256 Meeting SDK JWTs an app signs with it (market/sdk_keys.c); '' for secrets made before */
    "ALTER TABLE credentials ADD COLUMN secret_sealed TEXT NOT NULL DEFAULT '';",

    /* 25: the bytes of a recording's files (api/recordings_store.c), served at their download_url */
    "CREATE TABLE recording_media ("
    "  file_id TEXT PRIMARY KEY REFERENCES recording_files(id) ON DELETE CASCADE,"
    "  content_type TEXT NOT NULL, data BLOB NOT NULL);",
};

struct step {
    const char *sql;
    int64_t version;
};

static int apply(struct db *db, void *arg)
{
    const struct step *m = arg;
    if (db_exec_ddl(db, m->sql) != DB_DONE ||
        db_run(db, "INSERT INTO schema_version (version) VALUES (?)", "i", m->version) != DB_DONE) {
        log_error("db: migration %lld failed", (long long)m->version);
        return DB_ERROR;
    }
    return 0;
}

static int migrate_locked(struct db *db)
{
    if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)") != DB_DONE)
        return DB_ERROR;

    int64_t have = 0;
    struct db_stmt *st = db_query(db, "SELECT max(version) FROM schema_version", "");
    if (!st)
        return DB_ERROR;
    if (db_step(st) == DB_ROW && !db_is_null(st, 0))
        have = db_int(st, 0);
    db_done(st);

    size_t n = sizeof migrations / sizeof migrations[0];
    if (have > (int64_t)n) {
        log_error("db: the store is at schema version %lld, newer than this plaza knows (%zu)", (long long)have, n);
        return DB_ERROR;
    }
    for (size_t v = (size_t)have; v < n; v++) {
        struct step m = {migrations[v], (int64_t)(v + 1)};
        if (db_transaction(db, apply, &m) != 0)
            return DB_ERROR;
        log_debug("db: migrated to version %zu", v + 1);
    }
    return DB_DONE;
}

int db_migrate(struct db *db)
{
    if (db_lock_schema(db, 1) != DB_DONE)
        return DB_ERROR;
    int rc = migrate_locked(db);
    db_lock_schema(db, 0);
    return rc;
}
