-- Scans, findings as their current state plus transitions, coverage cells as their current state plus changes.
-- A scan is recorded in one transaction: a row of an interrupted scan stays complete = false, and the findings
-- and coverage tables change only when a recording commits.
CREATE TABLE scans (
  id text PRIMARY KEY,
  scope text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  complete boolean NOT NULL DEFAULT false,
  source text NOT NULL,
  incomplete_read boolean,
  accounts_total integer,
  accounts_scanned integer,
  accounts_unreachable integer,
  findings_fail integer,
  findings_error integer,
  findings_pass integer,
  cells_total integer,
  cells_blind integer,
  cells_unknown integer,
  drift_new integer,
  drift_resolved integer,
  drift_changed integer,
  drift_unknown integer,
  drift_still_open integer
);
CREATE INDEX scans_scope_started ON scans (scope, started_at DESC);

CREATE TABLE findings (
  scope text NOT NULL,
  id text NOT NULL,
  check_id text NOT NULL,
  account_id text NOT NULL,
  region text NOT NULL,
  resource text NOT NULL,
  message_id text NOT NULL,
  severity text NOT NULL,
  -- fail or error while open; resolved once read and found fixed.
  status text NOT NULL,
  facts text,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  resolved_at timestamptz,
  -- Set while the finding could not be read; it keeps its last known status.
  unknown_since timestamptz,
  PRIMARY KEY (scope, id)
);
CREATE INDEX findings_open ON findings (scope, status);

CREATE TABLE finding_transitions (
  scope text NOT NULL,
  finding_id text NOT NULL,
  scan_id text NOT NULL,
  at timestamptz NOT NULL,
  -- new, reopened, changed, resolved, unknown
  kind text NOT NULL,
  status text NOT NULL,
  severity text NOT NULL,
  message_id text NOT NULL,
  detail text
);
CREATE INDEX finding_transitions_finding ON finding_transitions (scope, finding_id, at);
CREATE INDEX finding_transitions_scan ON finding_transitions (scan_id);

CREATE TABLE coverage_cells (
  scope text NOT NULL,
  account_id text NOT NULL,
  region text NOT NULL,
  paths text NOT NULL,
  latency text NOT NULL,
  since timestamptz NOT NULL,
  PRIMARY KEY (scope, account_id, region)
);

CREATE TABLE coverage_changes (
  scope text NOT NULL,
  scan_id text NOT NULL,
  at timestamptz NOT NULL,
  account_id text NOT NULL,
  region text NOT NULL,
  paths text NOT NULL,
  latency text NOT NULL
);
CREATE INDEX coverage_changes_scan ON coverage_changes (scan_id);
