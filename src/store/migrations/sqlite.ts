// SQLite schema, versioned. STRICT tables enforce the column types; JSON is TEXT checked by json_valid.
// Timestamps are epoch ms (INTEGER).

import type { Migration } from "./migration.ts";

const init = `
CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  correlation_id TEXT NOT NULL,
  action TEXT NOT NULL,
  target_subscription TEXT NOT NULL,
  target_rg TEXT NOT NULL,
  target_app TEXT NOT NULL,
  target_slot TEXT,
  target_instance TEXT,
  params TEXT NOT NULL CHECK (json_valid(params)),
  plan TEXT NOT NULL CHECK (json_valid(plan)),
  policy TEXT NOT NULL CHECK (json_valid(policy)),
  requested_by TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  channel TEXT NOT NULL,
  message_ts TEXT,
  expires_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN
    ('pending','approved','executing','succeeded','failed','cancelled','expired','rejected')),
  state_by TEXT NOT NULL,
  state_at INTEGER NOT NULL,
  approved_by TEXT,
  approved_at INTEGER,
  lease_owner TEXT,
  lease_until INTEGER,
  result TEXT CHECK (result IS NULL OR json_valid(result)),
  reason TEXT,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX approvals_pending_expiry ON approvals (expires_at) WHERE state = 'pending';
CREATE INDEX approvals_executing_lease ON approvals (lease_until) WHERE state = 'executing';
CREATE INDEX approvals_app ON approvals (target_app, requested_at);
CREATE INDEX approvals_channel ON approvals (channel, requested_at);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  correlation_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  approval_id TEXT,
  app TEXT,
  detail TEXT NOT NULL CHECK (json_valid(detail))
) STRICT;
CREATE INDEX audit_app_at ON audit_log (app, at);
CREATE INDEX audit_at ON audit_log (at);
CREATE INDEX audit_correlation ON audit_log (correlation_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE digest_subscriptions (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  local_time TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  days TEXT NOT NULL CHECK (days IN ('weekdays','daily')),
  scope TEXT NOT NULL CHECK (json_valid(scope)),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- Kept after a subscription is deleted: the history of who posted which digest.
CREATE TABLE digest_runs (
  subscription_id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  owner TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, local_date)
) STRICT;

-- Change counters other replicas poll (e.g. 'subscriptions').
CREATE TABLE store_counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
INSERT INTO store_counters (name, value) VALUES ('subscriptions', 0);
`;

// v2: a run claim is a lease (owner until lease_until, renewed while the digest is built and posted); a run
// whose owner is gone is taken over; done_at and posted_ts record the outcome, so a takeover never posts
// twice. Claims made before v2 had no lease: they count as done.
const runLeases = `
ALTER TABLE digest_runs ADD COLUMN lease_until INTEGER;
ALTER TABLE digest_runs ADD COLUMN posted_ts TEXT;
ALTER TABLE digest_runs ADD COLUMN done_at INTEGER;
ALTER TABLE digest_runs ADD COLUMN posting_at INTEGER;
ALTER TABLE digest_runs ADD COLUMN takeovers INTEGER NOT NULL DEFAULT 0;
UPDATE digest_runs SET done_at = claimed_at;
`;

// v3: Azure Monitor alerts: one claim per notification (alert ID + its condition and times) so retries,
// replicas and restarts handle it once; one thread per incident (channel + app + generation: a new generation opens when the
// previous thread is resolved or quiet), its state as JSON with a version for compare-and-set updates.
const alerts = `
CREATE TABLE alert_claims (
  alert_id TEXT NOT NULL,
  notification TEXT NOT NULL,
  owner TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  PRIMARY KEY (alert_id, notification)
) STRICT;

CREATE TABLE alert_threads (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  app_key TEXT NOT NULL,
  generation INTEGER NOT NULL,
  message_ts TEXT,
  opened_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  resolved_at INTEGER,
  state TEXT NOT NULL CHECK (json_valid(state)),
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (channel, app_key, generation)
) STRICT;

CREATE TABLE alert_thread_members (
  alert_id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES alert_threads (id)
) STRICT;
`;

// v4: the verification of an executed change is owed work like a digest run: a lease (owner until
// lease_until, renewed while the watch runs), taken over by another replica or the next start when its owner
// is gone, posting_at and posted_ts so a takeover never posts twice; done_at once posted.
const verifications = `
CREATE TABLE verifications (
  approval_id TEXT PRIMARY KEY REFERENCES approvals (id),
  owner TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  lease_until INTEGER,
  posting_at INTEGER,
  posted_ts TEXT,
  done_at INTEGER,
  takeovers INTEGER NOT NULL DEFAULT 0
) STRICT;
`;

// v5: an alert claim is a lease too, and keeps the notification: the webhook is answered 200 only once the
// claim (with the alert) is stored, and a claim whose owner died before it was handled is taken over by the
// sweep of another replica or the next start. Claims made before v5 count as handled.
const alertLeases = `
ALTER TABLE alert_claims ADD COLUMN lease_until INTEGER;
ALTER TABLE alert_claims ADD COLUMN posting_at INTEGER;
ALTER TABLE alert_claims ADD COLUMN posted_ts TEXT;
ALTER TABLE alert_claims ADD COLUMN done_at INTEGER;
ALTER TABLE alert_claims ADD COLUMN takeovers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alert_claims ADD COLUMN payload TEXT;
UPDATE alert_claims SET done_at = claimed_at;
CREATE INDEX alert_claims_owed ON alert_claims (lease_until) WHERE done_at IS NULL;
`;

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "init", sql: init },
  { version: 2, name: "run-leases", sql: runLeases },
  { version: 3, name: "alerts", sql: alerts },
  { version: 4, name: "verifications", sql: verifications },
  { version: 5, name: "alert-leases", sql: alertLeases },
];
