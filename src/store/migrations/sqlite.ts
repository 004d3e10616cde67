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

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "init", sql: init },
  { version: 2, name: "run-leases", sql: runLeases },
];
