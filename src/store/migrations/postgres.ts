// PostgreSQL schema, versioned, within the PostgreSQL 15 subset. JSON is JSONB; timestamps are epoch ms
// (BIGINT), the same values the SQLite adapter stores.

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
  params JSONB NOT NULL,
  plan JSONB NOT NULL,
  policy JSONB NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  channel TEXT NOT NULL,
  message_ts TEXT,
  expires_at BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN
    ('pending','approved','executing','succeeded','failed','cancelled','expired','rejected')),
  state_by TEXT NOT NULL,
  state_at BIGINT NOT NULL,
  approved_by TEXT,
  approved_at BIGINT,
  lease_owner TEXT,
  lease_until BIGINT,
  result JSONB,
  reason TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX approvals_pending_expiry ON approvals (expires_at) WHERE state = 'pending';
CREATE INDEX approvals_executing_lease ON approvals (lease_until) WHERE state = 'executing';
CREATE INDEX approvals_app ON approvals (target_app, requested_at);
CREATE INDEX approvals_channel ON approvals (channel, requested_at);

CREATE TABLE audit_log (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  correlation_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  approval_id TEXT,
  app TEXT,
  detail JSONB NOT NULL
);
CREATE INDEX audit_app_at ON audit_log (app, at);
CREATE INDEX audit_at ON audit_log (at);
CREATE INDEX audit_correlation ON audit_log (correlation_id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE digest_subscriptions (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  local_time TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  days TEXT NOT NULL CHECK (days IN ('weekdays','daily')),
  scope JSONB NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Kept after a subscription is deleted: the history of who posted which digest.
CREATE TABLE digest_runs (
  subscription_id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  owner TEXT NOT NULL,
  claimed_at BIGINT NOT NULL,
  PRIMARY KEY (subscription_id, local_date)
);

-- Change counters other replicas poll (e.g. 'subscriptions').
CREATE TABLE store_counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO store_counters (name, value) VALUES ('subscriptions', 0);
`;

// v2: a run claim is a lease (owner until lease_until, renewed while the digest is built and posted); a run
// whose owner is gone is taken over; done_at and posted_ts record the outcome, so a takeover never posts
// twice. Claims made before v2 had no lease: they count as done.
const runLeases = `
ALTER TABLE digest_runs ADD COLUMN lease_until BIGINT;
ALTER TABLE digest_runs ADD COLUMN posted_ts TEXT;
ALTER TABLE digest_runs ADD COLUMN done_at BIGINT;
ALTER TABLE digest_runs ADD COLUMN posting_at BIGINT;
ALTER TABLE digest_runs ADD COLUMN takeovers INTEGER NOT NULL DEFAULT 0;
UPDATE digest_runs SET done_at = claimed_at;
`;

// v3: Azure Monitor alerts (see migrations/sqlite.ts for the why).
const alerts = `
CREATE TABLE alert_claims (
  alert_id TEXT NOT NULL,
  notification TEXT NOT NULL,
  owner TEXT NOT NULL,
  claimed_at BIGINT NOT NULL,
  PRIMARY KEY (alert_id, notification)
);

CREATE TABLE alert_threads (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  app_key TEXT NOT NULL,
  generation INTEGER NOT NULL,
  message_ts TEXT,
  opened_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  resolved_at BIGINT,
  state JSONB NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (channel, app_key, generation)
);

CREATE TABLE alert_thread_members (
  alert_id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES alert_threads (id)
);
`;

// v4: verification leases (see migrations/sqlite.ts for the why).
const verifications = `
CREATE TABLE verifications (
  approval_id TEXT PRIMARY KEY REFERENCES approvals (id),
  owner TEXT NOT NULL,
  claimed_at BIGINT NOT NULL,
  lease_until BIGINT,
  posting_at BIGINT,
  posted_ts TEXT,
  done_at BIGINT,
  takeovers INTEGER NOT NULL DEFAULT 0
);
`;

// v5: alert claims as leases (see migrations/sqlite.ts for the why).
const alertLeases = `
ALTER TABLE alert_claims ADD COLUMN lease_until BIGINT;
ALTER TABLE alert_claims ADD COLUMN posting_at BIGINT;
ALTER TABLE alert_claims ADD COLUMN posted_ts TEXT;
ALTER TABLE alert_claims ADD COLUMN done_at BIGINT;
ALTER TABLE alert_claims ADD COLUMN takeovers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alert_claims ADD COLUMN payload JSONB;
UPDATE alert_claims SET done_at = claimed_at;
CREATE INDEX alert_claims_owed ON alert_claims (lease_until) WHERE done_at IS NULL;
`;

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "init", sql: init },
  { version: 2, name: "run-leases", sql: runLeases },
  { version: 3, name: "alerts", sql: alerts },
  { version: 4, name: "verifications", sql: verifications },
  { version: 5, name: "alert-leases", sql: alertLeases },
];
