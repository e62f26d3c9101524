/**
 * The JSON report (docs/architecture.md, "Contracts"), versioned. Its zod schema is the source of the published JSON Schema
 * (docs/schema/report.schema.json), which every report produced in the tests is validated against.
 */
import { z } from "zod";
import { SEVERITIES } from "../config/schema.ts";

/**
 * 1.1: findings gain id, firstSeen and lastSeen; the report gains drift.
 * 1.2: a finding may carry `hides`, the checks its cause left unjudged (one cause, one finding).
 * 1.3: a finding new since the last scan may carry `attribution`, who changed it (CloudTrail event history).
 * 1.4: a suppressed finding carries the `suppression` that matched; the report lists `suppressions` and what each
 * matched (expired and unused ones included).
 * 1.5: a shard's report (`scan --shard I/N`) carries `shard`; the accounts of other shards are in its scope, not
 * scanned, with skipReason "other-shard".
 */
export const REPORT_VERSION = "1.5";
/** Versions a --baseline may have: the same major, each minor only adding optional fields. */
export const READABLE_REPORT_VERSIONS = ["1.1", "1.2", "1.3", "1.4", REPORT_VERSION] as const;

const counters = z.object({
  calls: z.number().int().min(0),
  throttles: z.number().int().min(0),
  retries: z.number().int().min(0),
  errors: z.number().int().min(0),
});

const pathState = z.enum(["ok", "degraded", "blind", "unknown", "unchecked"]);

const findingStatus = z.enum(["pass", "fail", "error", "not_applicable"]);

/** A management event from CloudTrail event history (LookupEvents) that changed a finding's resource. */
const attributionEvent = z.object({
  eventId: z.string(),
  eventName: z.string(),
  eventSource: z.string(),
  eventTime: z.string().datetime(),
  region: z.string(),
  principalArn: z.string().nullable().describe("userIdentity.arn: the IAM user, or the role session"),
  principalType: z.string().nullable().describe("userIdentity.type: IAMUser, AssumedRole, Root, ..."),
  sourceIPAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
});

export const attributionSchema = z
  .object({
    status: z.enum(["attributed", "notAttributed"]),
    reason: z
      .enum(["noMatchingEvent", "lookupFailed", "budgetExhausted", "beyondHistory", "interrupted"])
      .nullable()
      .describe("Why not attributed; null when attributed"),
    detail: z.string().nullable(),
    /** From the start of the previous scan (at most 90 days back) to the end of this one. */
    window: z.object({ from: z.string().datetime(), to: z.string().datetime() }),
    /** The account's region whose event history was read. */
    region: z.string(),
    /** The event names that can cause this finding, each looked up. */
    lookedFor: z.array(z.string()),
    /** Matching events, newest first: the first is the likeliest cause. */
    events: z.array(attributionEvent),
  })
  .describe(
    "Who changed it: only on failing findings new since the last scan whose check a change can cause",
  );
/** The suppression that muted a finding, as the config states it. */
export const findingSuppressionSchema = z.object({
  index: z.number().int().min(0).describe("Position in the config's suppressions list"),
  reason: z.string(),
  owner: z.string(),
  expires: z.string().describe("YYYY-MM-DD: the last day it applies"),
  ticket: z.string().optional(),
});

/** A configured suppression and what it did in this scan. */
export const suppressionStatusSchema = findingSuppressionSchema.extend({
  match: z.object({
    checkId: z.string().optional(),
    accountId: z.string().optional(),
    region: z.string().optional(),
    resource: z.string().optional(),
  }),
  line: z.number().int().min(1).optional().describe("Line of the suppression in the config file, when known"),
  state: z
    .enum(["active", "expired"])
    .describe("expired: past its date, it applies to nothing and its findings count again"),
  matched: z.number().int().min(0).describe("Findings it suppressed (or, expired, would have)"),
  findingIds: z.array(z.string()).describe("Ids of those findings"),
});

export const findingSchema = z.object({
  id: z
    .string()
    .describe(
      "Stable identity: <checkId>:<16 hex>, a hash of check, account, region and resource, never of text",
    ),
  checkId: z.string(),
  status: findingStatus,
  severity: z.enum(SEVERITIES),
  accountId: z.string(),
  region: z.string().describe('"global" for account-scoped findings'),
  resource: z.string(),
  messageId: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  evidence: z.record(z.string(), z.unknown()),
  remediationId: z.string().nullable(),
  suppressed: z.boolean(),
  suppression: findingSuppressionSchema
    .optional()
    .describe("Set when suppressed: the suppression that matched"),
  firstSeen: z
    .string()
    .datetime()
    .nullable()
    .describe("Since when the finding has been open (fail or error); null for pass and not_applicable"),
  lastSeen: z.string().datetime().nullable().describe("The start of this scan for open findings; else null"),
  /** Something that happened (a trail stopped and restarted), not a standing misconfiguration. */
  incident: z
    .object({
      startedAt: z.string(),
      endedAt: z.string().nullable(),
      durationMinutes: z.number().int().min(0),
      /** Who caused it; null until attribution from scan history exists. */
      actor: z.string().nullable(),
    })
    .optional(),
  attribution: attributionSchema.optional(),
  hides: z
    .array(z.string())
    .optional()
    .describe(
      "Checks this finding's cause (region or account unreadable, evaluation budget spent) left unjudged in its " +
        "scope: unknown there, and not reported one by one",
    ),
});

/** A finding as drift names it: enough to act on without the full finding. */
const driftRef = z.object({
  id: z.string(),
  checkId: z.string(),
  accountId: z.string(),
  region: z.string(),
  resource: z.string(),
  messageId: z.string(),
  severity: z.enum(SEVERITIES),
  status: findingStatus,
});

export const UNKNOWN_REASONS = ["error", "unreachable", "notScanned", "checkNotRun"] as const;

export const driftSchema = z.object({
  /** The scan compared against: the last completely recorded scan of the scope, or a --baseline report. */
  baseline: z
    .object({
      scanId: z.string(),
      startedAt: z.string().datetime(),
      source: z.enum(["store", "report"]),
    })
    .nullable()
    .describe("null when nothing was recorded before: every open finding is new"),
  counts: z.object({
    new: z.number().int().min(0),
    resolved: z.number().int().min(0),
    changed: z.number().int().min(0),
    unknown: z.number().int().min(0),
    stillOpen: z.number().int().min(0),
  }),
  /** Open now (fail or error), not open in the baseline. */
  new: z.array(driftRef),
  /** Open in the baseline, and read this time and found passing, not applicable or gone. */
  resolved: z.array(driftRef.extend({ firstSeen: z.string().datetime() })),
  /** Open in both, with a different status, severity, message or evidence facts. */
  changed: z.array(
    driftRef.extend({
      firstSeen: z.string().datetime(),
      changes: z.array(
        z.object({
          field: z.enum(["status", "severity", "messageId", "facts"]),
          from: z.string(),
          to: z.string(),
        }),
      ),
    }),
  ),
  /** Open in the baseline and not readable this time: never resolved. `status` is the baseline's. */
  unknown: z.array(driftRef.extend({ firstSeen: z.string().datetime(), reason: z.enum(UNKNOWN_REASONS) })),
  /** Open in both, unchanged. */
  stillOpen: z.array(
    z.object({
      id: z.string(),
      firstSeen: z.string().datetime(),
      openSeconds: z.number().int().min(0),
    }),
  ),
});

export const shardInfoSchema = z
  .object({
    index: z.number().int().min(0).describe("0-based: this shard is index of count"),
    count: z.number().int().min(1),
    runId: z.string().describe("The sharded scan this shard is part of: every shard of one scan shares it"),
    configDigest: z
      .string()
      .describe("SHA-256 of the settings findings depend on; the shards of one scan agree on it"),
    digest: z
      .string()
      .describe(
        "SHA-256 of the report's canonical JSON without this field: merge refuses a report edited since",
      ),
  })
  .describe("This report covers one shard's accounts only: never a complete organization scan on its own");

export const reportSchema = z.object({
  version: z.literal(REPORT_VERSION),
  scanId: z.string(),
  startedAt: z.string().datetime(),
  finishedAt: z.string().datetime(),
  tool: z.object({ name: z.literal("wirewatch"), version: z.string() }),
  scope: z.object({
    organizationId: z.string().nullable(),
    managementAccountId: z.string().nullable(),
    accounts: z.array(
      z.object({
        id: z.string(),
        name: z.string().nullable(),
        state: z.string(),
        scanned: z.boolean(),
        skipReason: z.string().nullable(),
      }),
    ),
    regions: z.array(z.string()),
    checks: z.array(z.string()),
    /** "aws" for a live scan, "inventory" when re-evaluating a saved inventory. */
    source: z.enum(["aws", "inventory"]),
  }),
  summary: z.object({
    accounts: z.object({ total: z.number().int(), scanned: z.number().int(), unreachable: z.number().int() }),
    findings: z.object({
      pass: z.number().int(),
      fail: z.number().int(),
      error: z.number().int(),
      not_applicable: z.number().int(),
      suppressed: z.number().int(),
    }),
    failuresBySeverity: z.record(z.enum(SEVERITIES), z.number().int()),
    /** True when anything could not be read: error findings or unreachable accounts and regions. */
    incomplete: z.boolean(),
    blindCells: z.number().int(),
  }),
  coverage: z.array(
    z.object({
      accountId: z.string(),
      region: z.string(),
      paths: z.object({ archive: pathState, log: pathState, alarm: pathState, fast: pathState }),
      latency: z.enum(["seconds", "minutes", "~15 min", "none", "unknown"]),
    }),
  ),
  findings: z.array(findingSchema),
  /** The configured suppressions and what each matched; absent when none are configured. */
  suppressions: z.array(suppressionStatusSchema).optional(),
  /** What changed since the last scan; null when no store and no --baseline report was used. */
  drift: driftSchema.nullable(),
  stats: z.object({
    durationMs: z.number().int().min(0),
    apiCalls: z.record(z.string(), counters),
    totals: counters,
  }),
  /** Set on the report of one shard of a sharded scan; `wirewatch merge` combines the N of them. */
  shard: shardInfoSchema.optional(),
});

export type ScanReport = z.infer<typeof reportSchema>;
export type ReportFinding = ScanReport["findings"][number];
export type Drift = z.infer<typeof driftSchema>;
export type DriftRef = z.infer<typeof driftRef>;
export type Attribution = z.infer<typeof attributionSchema>;
export type AttributionEvent = Attribution["events"][number];
export type FindingSuppression = z.infer<typeof findingSuppressionSchema>;
export type SuppressionStatus = z.infer<typeof suppressionStatusSchema>;
export type ShardInfo = z.infer<typeof shardInfoSchema>;
export type UnknownReason = (typeof UNKNOWN_REASONS)[number];
