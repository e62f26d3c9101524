-- Who opened a gap, kept with the transition that reported it (CloudTrail event history, looked up after the
-- scan is recorded).
ALTER TABLE finding_transitions ADD COLUMN attribution text;

-- The notification outbox: one row per channel and drift item (a finding new or resolved in a scan). Rows are
-- written in the transaction that records the scan, so a crash never loses one, and the primary key makes a
-- retry or a restart deliver each item at most once per channel. Undelivered rows wait for the next scan.
CREATE TABLE notification_outbox (
  scope text NOT NULL,
  channel text NOT NULL,
  scan_id text NOT NULL,
  finding_id text NOT NULL,
  -- new or resolved
  kind text NOT NULL,
  severity text NOT NULL,
  account_id text NOT NULL,
  -- The item as channels render it (JSON, no secrets); attribution is added once looked up.
  item text NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  last_error text,
  delivered_at timestamptz,
  PRIMARY KEY (scope, channel, scan_id, finding_id, kind)
);
CREATE INDEX notification_outbox_pending ON notification_outbox (scope, channel, created_at)
  WHERE delivered_at IS NULL;
