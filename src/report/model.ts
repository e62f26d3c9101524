/**
 * The JSON report (docs/architecture.md, "Contracts"), versioned. Its zod schema is the source of the published JSON Schema
 * (docs/schema/report.schema.json), which every report produced in the tests is validated against.
 */
import { z } from "zod";
import { SEVERITIES } from "../config/schema.ts";

export const REPORT_VERSION = "1.0";

const counters = z.object({
  calls: z.number().int().min(0),
  throttles: z.number().int().min(0),
  retries: z.number().int().min(0),
  errors: z.number().int().min(0),
});

const pathState = z.enum(["ok", "degraded", "blind", "unknown", "unchecked"]);

export const findingSchema = z.object({
  checkId: z.string(),
  status: z.enum(["pass", "fail", "error", "not_applicable"]),
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
});

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
  stats: z.object({
    durationMs: z.number().int().min(0),
    apiCalls: z.record(z.string(), counters),
    totals: counters,
  }),
});

export type ScanReport = z.infer<typeof reportSchema>;
