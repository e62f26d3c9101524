/**
 * The configuration schema: config/default.yaml is the baseline, a user's file overrides it key by key.
 * Secrets never live here: the ExternalId is read from the environment variable the config names.
 */
import { validateDetailed } from "node-cron";
import { z } from "zod";

export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
/** A --fail-on threshold: a severity, or `none` for report-only runs (failures never make the exit code 1). */
export const FAIL_ON = [...SEVERITIES, "none"] as const;
export type FailOn = (typeof FAIL_ON)[number];
/** The report formats `--format` and report.formats name (src/report/writers.ts). */
export const REPORT_FORMATS = ["console", "json", "sarif", "junit", "markdown", "html", "asff"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
/**
 * An ARN template: `{partition}`, `{region}` and `{account}` are replaced per account and region
 * (src/inventory/arn.ts fillArnTemplate), so `arn:{partition}:...` serves aws, aws-us-gov and aws-cn alike.
 */
const arnTemplate = z
  .string()
  .regex(
    /^arn:(aws[a-z-]*|\{partition\}):/,
    "must be an ARN (placeholders {partition}, {region} and {account} allowed)",
  );

/** Whether the runtime knows an IANA time zone name (Intl throws RangeError for one it does not). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * A node-cron expression: five fields (minute hour day-of-month month day-of-week) or six with seconds first.
 * https://github.com/node-cron/node-cron#cron-syntax
 */
const cronExpression = z.string().superRefine((expr, ctx) => {
  const v = validateDetailed(expr);
  if (v.valid) return;
  const why = v.errors.map((e) => `${e.field}${e.value !== undefined ? ` "${e.value}"` : ""}: ${e.message}`);
  ctx.addIssue({
    code: "custom",
    message: `is not a cron expression (minute hour day month weekday, optionally seconds first): ${why.join("; ")}`,
  });
});

/** A role's schema; each role has its own default session name, so CloudTrail tells reads from writes. */
const roleSchema = (defaultSessionName: string) =>
  z.strictObject({
    /**
     * Role name, with its path if it has one (`ops/wirewatch-audit`), assumed as
     * arn:<partition>:iam::<account>:role/<path/><name> in every account (src/inventory/arn.ts roleArn).
     */
    name: z.string().min(1),
    /** Name of the environment variable holding the ExternalId (never the value itself). */
    externalIdEnv: z.string().optional(),
    sessionName: z
      .string()
      .regex(/^[\w+=,.@-]{2,64}$/)
      .default(defaultSessionName),
    durationSeconds: z.number().int().min(900).max(43200).default(3600),
  });

/**
 * A suppression mutes the findings it matches until it expires: they stay in every report, marked, and no longer
 * count for the exit code or remediation. Each field of `match` is exact, but `checkId` and `resource` may be globs
 * (picomatch: `*` stops at `/`, `**` as a whole segment crosses it); nothing matches by substring.
 */
export const suppressionSchema = z.strictObject({
  match: z
    .strictObject({
      checkId: z.string().min(1).optional(),
      accountId: accountId.optional(),
      region: z.string().min(1).optional(),
      resource: z.string().min(1).optional(),
    })
    .refine((m) => Object.values(m).some((v) => v !== undefined), {
      message: "names nothing to match: give at least one of checkId, accountId, region, resource",
    }),
  reason: z.string().trim().min(1, "a suppression needs a reason"),
  owner: z.string().trim().min(1, "a suppression needs an owner"),
  /** The last day it applies (UTC); at most scan.suppressionMaxDays ahead (checked when the config loads). */
  expires: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD")
    .refine(
      (d) =>
        !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      {
        message: "is not a calendar date",
      },
    ),
  ticket: z.string().min(1).optional(),
});
export type Suppression = z.output<typeof suppressionSchema>;
/** Which findings a channel hears of: severities at or above `minSeverity`. */
const channelCommon = {
  /** Names the channel in logs, metrics and the store's delivery state; default: its type. */
  name: z
    .string()
    .regex(/^[\w.-]{1,64}$/, "letters, digits, '_', '.', '-' (at most 64)")
    .optional(),
  minSeverity: z.enum(SEVERITIES).default("info"),
};
/** A webhook URL often is the secret (Slack's is): name the variable that holds it, or give it inline. */
const urlSource = {
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Name of the environment variable holding the URL. */
  urlEnv: z.string().min(1).optional(),
};
const oneUrl = (c: { url?: string; urlEnv?: string }) => (c.url === undefined) !== (c.urlEnv === undefined);
const oneUrlMessage = { message: "give exactly one of url and urlEnv" };

const notificationChannel = z.discriminatedUnion(
  "type",
  [
    z
      .strictObject({
        type: z.literal("webhook"),
        ...channelCommon,
        ...urlSource,
        /** Name of the environment variable holding the HMAC-SHA256 signing secret (X-Wirewatch-Signature). */
        secretEnv: z.string().min(1).optional(),
      })
      .refine(oneUrl, oneUrlMessage),
    z
      .strictObject({ type: z.literal("slack"), ...channelCommon, ...urlSource })
      .refine(oneUrl, oneUrlMessage),
    z.strictObject({
      type: z.literal("sns"),
      ...channelCommon,
      /** Published to as the hub identity (sns:Publish), in the topic's own region. */
      topicArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, "must be an SNS topic ARN"),
    }),
  ],
  {
    error:
      'a channel is { type: webhook | slack, urlEnv: VAR } or { type: sns, topicArn: "arn:aws:sns:..." }',
  },
);

export const channelName = (c: { name?: string; type: string }) => c.name ?? c.type;
export type NotificationChannel = z.output<typeof notificationChannel>;

export const configSchema = z.strictObject({
  organization: z
    .strictObject({
      /** `organizations`: ListAccounts from the management account; `list`: only `accounts` below. */
      discovery: z.enum(["organizations", "list"]).default("organizations"),
      /** Plain ids or `{ id, name }`; read as `{ id, name? }` either way. */
      accounts: z
        .array(
          z.union(
            [
              accountId.transform((id): { id: string; name?: string } => ({ id })),
              z.strictObject({ id: accountId, name: z.string().optional() }),
            ],
            {
              error: 'an account is its 12-digit id ("222222222222") or { id: "222222222222", name: prod }',
            },
          ),
        )
        .default([]),
      include: z.array(accountId).default([]),
      exclude: z.array(accountId).default([]),
    })
    .prefault({}),
  roles: z
    .strictObject({
      audit: roleSchema("wirewatch").prefault({ name: "WirewatchAudit" }),
      remediation: roleSchema("wirewatch-remediation").prefault({ name: "WirewatchRemediation" }),
    })
    .prefault({}),
  regions: z
    .strictObject({
      include: z.array(z.string()).default([]),
      exclude: z.array(z.string()).default([]),
    })
    .prefault({}),
  aws: z
    .strictObject({
      /** Region for global endpoints (Organizations, Account, STS of the hub). */
      homeRegion: z.string().default("us-east-1"),
      /** Overrides AWS_ENDPOINT_URL, e.g. for a simulator or LocalStack. */
      endpoint: z.string().url().optional(),
      maxAttempts: z.number().int().min(1).max(20).default(8),
      /** Global cap on AWS calls in flight across the whole scan. */
      maxCallsInFlight: z.number().int().min(1).max(1024).default(96),
      /** Accounts collected at once. */
      accountConcurrency: z.number().int().min(1).max(256).default(24),
    })
    .prefault({}),
  baseline: z
    .strictObject({
      cloudtrail: z
        .strictObject({
          /** S3 delivery older than this fails cloudtrail.s3-delivery. */
          s3DeliveryMaxAgeMinutes: z.number().int().positive().default(120),
          /** CloudWatch Logs delivery older than this fails cloudtrail.cloudwatch-logs-delivery. */
          cloudWatchLogsDeliveryMaxAgeMinutes: z.number().int().positive().default(60),
          /** StopLogging within this window fails cloudtrail.logging-interruption, even if restarted. */
          interruptionLookbackHours: z.number().int().positive().default(168),
          /** Used by remediation to create or repair trails. */
          trailName: z.string().default("wirewatch-trail"),
          s3Bucket: z.string().optional(),
          kmsKeyId: arnTemplate.optional(),
          logGroup: z.string().default("aws-cloudtrail-logs"),
          cloudWatchLogsRoleArn: arnTemplate.optional(),
        })
        .prefault({}),
      forwarding: z
        .strictObject({
          /** Where CloudTrail API-call events must be forwarded, e.g. a central event bus. */
          destination: arnTemplate.optional(),
          requireReadEvents: z.boolean().default(false),
          requireDeadLetterQueue: z.boolean().default(true),
          ruleName: z.string().default("wirewatch-forward-cloudtrail"),
          roleArn: arnTemplate.optional(),
          deadLetterQueueArn: arnTemplate.optional(),
        })
        .prefault({}),
      logs: z
        .strictObject({
          /** Subscription destination for the trail's log group. */
          destination: arnTemplate.optional(),
          retentionDays: z.number().int().positive().default(365),
        })
        .prefault({}),
      alarms: z
        .strictObject({
          namespace: z.string().default("CISBenchmark"),
          topic: arnTemplate.optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  scan: z
    .strictObject({
      /** Lowest severity of an unsuppressed failure that makes `scan` exit 1; `none`: report only. */
      failOn: z.enum(FAIL_ON).default("low"),
      /** Check ids to skip. */
      disabledChecks: z.array(z.string()).default([]),
      /**
       * Milliseconds one account's checks may take together. Past it, each unfinished check is an error finding
       * for that account: patterns written to stall the auditor cost their own account's verdicts, not the scan.
       */
      accountBudgetMs: z.number().int().min(1).max(3_600_000).default(10_000),
      /**
       * On SIGTERM or SIGINT no new account is started; accounts in flight get this long to finish before they
       * are abandoned and the report is written, marked incomplete.
       */
      gracePeriodSeconds: z.number().min(0).max(600).default(10),
      /** How far ahead a suppression may expire, in days: mutes are revisited, not forgotten. */
      suppressionMaxDays: z.number().int().min(1).max(3650).default(90),
    })
    .prefault({}),
  remediation: z
    .strictObject({
      /** Remediation ids `apply` may run; nothing runs unless listed here. */
      allowlist: z.array(z.string()).default([]),
      /** `apply` stops after this many changes. */
      maxChanges: z.number().int().min(1).max(10000).default(25),
      /** Tags put on everything wirewatch creates. */
      tags: z.record(z.string(), z.string()).default({ "wirewatch:managed": "true" }),
    })
    .prefault({}),
  state: z
    .strictObject({
      /**
       * Record every scan and report drift against the last one. On by default with the embedded store; a CI job
       * with a fresh checkout each run keeps its last JSON report and passes `--baseline` instead (or sets a url).
       */
      enabled: z.boolean().default(true),
      /**
       * The embedded store's directory (PGlite, PostgreSQL built to WebAssembly). null: `state` under the data
       * directory, $WIREWATCH_DATA_DIR, else $XDG_DATA_HOME/wirewatch, else ~/.local/share/wirewatch, so scans
       * from any working directory share one history. In a container, point either at a volume.
       */
      dir: z.string().min(1).nullable().default(null),
      /** A PostgreSQL server for shared deployments, postgres://user@host:port/db (no password in the url). */
      url: z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// url")
        .refine((u) => !URL.canParse(u) || new URL(u).password === "", {
          message: "must not hold a password: name its environment variable in state.passwordEnv",
        })
        .optional(),
      /** Name of the environment variable holding the PostgreSQL password (never the value itself). */
      passwordEnv: z.string().optional(),
      tls: z
        .strictObject({
          enabled: z.boolean().default(false),
          /** Verify the server's certificate (against caFile when given, else the system's CAs). */
          rejectUnauthorized: z.boolean().default(true),
          caFile: z.string().optional(),
        })
        .prefault({}),
      /** What this scheduler scans, when several shards share one store; drift compares scans of one scope. */
      scope: z
        .string()
        .regex(/^[\w.:-]{1,100}$/)
        .default("default"),
      /** Scans older than this are pruned (the last complete one is always kept), with resolved findings. */
      retentionDays: z.number().int().min(1).max(3650).default(90),
    })
    .prefault({}),
  suppressions: z.array(suppressionSchema).default([]),
  /**
   * Where drift is announced: new gaps (with who opened them) and resolved ones, never the whole list again.
   * Delivery state lives in the state store, so a restart or a retry never announces a finding twice.
   */
  notifications: z
    .strictObject({
      channels: z.array(notificationChannel).default([]),
      /** Attempts per delivery before it waits for the next scan (exponential backoff between them). */
      attempts: z.number().int().min(1).max(10).default(3),
      /** The first backoff, doubled after each failed attempt (a 429's Retry-After wins when longer). */
      backoffMs: z.number().int().min(0).max(60_000).default(1000),
      /** One request's time limit: a receiver that hangs costs at most this per attempt. */
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    })
    .superRefine((n, ctx) => {
      const seen = new Set<string>();
      n.channels.forEach((c, i) => {
        const name = channelName(c);
        if (seen.has(name)) {
          ctx.addIssue({
            code: "custom",
            path: ["channels", i, "name"],
            message: `two channels are named "${name}": give each its own name (delivery state is kept per name)`,
          });
        }
        seen.add(name);
      });
    })
    .prefault({}),
  report: z
    .strictObject({
      formats: z.array(z.enum(REPORT_FORMATS)).min(1).default(["console"]),
      outputDir: z.string().default("wirewatch-report"),
      /**
       * The file SARIF results are anchored to, relative to the repository root (code scanning needs a file for
       * every result). Default: the --config file as given.
       */
      sarifAnchor: z.string().min(1).optional(),
      /** Also write the Markdown summary to $GITHUB_STEP_SUMMARY when that variable is set. */
      stepSummary: z.boolean().default(true),
    })
    .prefault({}),
  /** `wirewatch serve`: the scan pipeline on a schedule, with health, readiness and metrics over HTTP. */
  service: z
    .strictObject({
      /** When to scan, as a cron expression; `*\/30 * * * * *` (seconds first) suits tests only. */
      schedule: cronExpression.default("0 */6 * * *"),
      /** The time zone the schedule is read in. */
      timezone: z
        .string()
        .refine(isTimeZone, { message: "must be an IANA time zone name, e.g. UTC or Europe/Berlin" })
        .default("UTC"),
      /** Scan once as soon as the service starts, before the first scheduled time. */
      runOnStart: z.boolean().default(true),
      /**
       * Wait up to this many seconds (uniformly random) before each scheduled scan, so many deployments on one
       * schedule do not all call AWS at the same second. A tick during the wait counts as an overlap.
       */
      randomDelaySeconds: z.number().int().min(0).max(3600).default(0),
      /** After each scan: `off`; `plan` writes and logs the plan; `apply` applies it within the allowlist and cap. */
      remediate: z.enum(["off", "plan", "apply"]).default("off"),
      http: z
        .strictObject({
          /** Address to listen on; 0.0.0.0 lets a container's probes and Prometheus reach it. */
          host: z.string().min(1).default("0.0.0.0"),
          /** The Prometheus exporter port OpenTelemetry registered (9464); 0 picks a free one, logged at start. */
          port: z.number().int().min(0).max(65535).default(9464),
          /**
           * Name of the environment variable holding the bearer token for GET / and /report.json (never the token
           * itself). Unset: the report is not served.
           */
          tokenEnv: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
            .optional(),
        })
        .prefault({}),
      metrics: z
        .strictObject({
          /** Label findings and coverage series by account id (one series per account: mind the cardinality). */
          accountLabels: z.boolean().default(false),
        })
        .prefault({}),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type Baseline = Config["baseline"];
