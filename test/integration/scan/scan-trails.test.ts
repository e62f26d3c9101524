/**
 * Through the CLI, in-process: it scans a simulated organization for each way CloudTrail coverage really breaks, and the
 * JSON report (validated against its published schema) and exit code say exactly what broke, where.
 * Base: sim/scenarios/healthy.yaml — management 111111111111, prod 222222222222, dev 333333333333,
 * regions us-east-1, eu-west-1, ap-southeast-2, each account with its own healthy multi-region trail.
 */
import { describe, expect, it } from "vitest";
import {
  account,
  bundledScenario,
  problems,
  scanE2e,
  trailOf,
  type E2eOptions,
  type MutableScenario,
} from "../../support/e2e.ts";

const MGMT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";
const REGIONS = ["ap-southeast-2", "eu-west-1", "us-east-1"];

function healthy(change: (s: MutableScenario) => void = () => undefined): MutableScenario {
  const s = bundledScenario("healthy");
  change(s);
  return s;
}

const perRegion = (prefix: string, suffix: string, regions = REGIONS) =>
  regions.map((r) => `${prefix} ${r} ${suffix}`);

interface Case {
  name: string;
  scenario: MutableScenario;
  /** Every fail/error finding, as "status checkId account region messageId". */
  problems: string[];
  exitCode: number;
}

const cases: Case[] = [
  { name: "healthy organization", scenario: healthy(), problems: [], exitCode: 0 },
  {
    name: "no trail",
    scenario: healthy((s) => (account(s, DEV).trails = [])),
    problems: perRegion(`fail cloudtrail.multi-region-logging ${DEV}`, "noTrail"),
    exitCode: 1,
  },
  {
    name: "single-region trail only",
    scenario: healthy((s) => (trailOf(s, DEV).multiRegion = false)),
    problems: perRegion(`fail cloudtrail.multi-region-logging ${DEV}`, "noTrail", [
      "ap-southeast-2",
      "eu-west-1",
    ]),
    exitCode: 1,
  },
  {
    name: "trail stopped",
    scenario: healthy((s) => {
      trailOf(s, DEV).logging = false;
      trailOf(s, DEV).status = { stopLoggingTime: "-2h", latestDeliveryTime: "-2h" };
    }),
    problems: [
      ...perRegion(`fail cloudtrail.multi-region-logging ${DEV}`, "trailStopped"),
      `fail cloudtrail.logging-interruption ${DEV} global stopped`,
    ],
    exitCode: 1,
  },
  {
    name: "trail stopped and restarted within the lookback window",
    scenario: healthy((s) => {
      trailOf(s, DEV).status = { stopLoggingTime: "-5h", startLoggingTime: "-4h", latestDeliveryTime: "-3m" };
    }),
    problems: [`fail cloudtrail.logging-interruption ${DEV} global stoppedAndRestarted`],
    exitCode: 1,
  },
  {
    name: "write-only management events",
    scenario: healthy((s) => (trailOf(s, PROD).eventSelectors = [{ readWriteType: "WriteOnly" }])),
    // CIS 4.1 watches denied reads too: they never reach the log group.
    problems: [
      `fail cloudtrail.management-events ${PROD} global writeOnly`,
      `fail alarms.unauthorized-api-calls ${PROD} global trailDropsEvents`,
    ],
    exitCode: 1,
  },
  {
    name: "advanced selectors excluding KMS",
    scenario: healthy(
      (s) =>
        (trailOf(s, PROD).advancedEventSelectors = [
          {
            name: "management without kms",
            fieldSelectors: [
              { field: "eventCategory", equals: ["Management"] },
              { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
            ],
          },
        ]),
    ),
    problems: [
      `fail cloudtrail.management-events ${PROD} global excludedSources`,
      `fail alarms.cmk-disable-or-deletion ${PROD} global trailDropsEvents`,
    ],
    exitCode: 1,
  },
  {
    // A multi-region trail cannot exclude global events (CreateTrail refuses it), so the realistic break is
    // per-region trails whose us-east-1 trail leaves them out.
    name: "no global service events",
    scenario: healthy((s) => {
      const base = trailOf(s, DEV);
      account(s, DEV).trails = REGIONS.map((r) => ({
        ...base,
        name: `dev-${r}`,
        homeRegion: r,
        multiRegion: false,
        globalServiceEvents: false,
        // Only the us-east-1 trail feeds the log group that carries the subscription and the CIS alarms.
        logGroup: r === "us-east-1" ? base.logGroup : undefined,
      }));
    }),
    problems: [
      `fail cloudtrail.global-service-events ${DEV} global globalEventsExcluded`,
      ...perRegion(`fail cloudtrail.cloudwatch-logs-delivery ${DEV}`, "noLogGroup", [
        "ap-southeast-2",
        "eu-west-1",
      ]),
    ],
    exitCode: 1,
  },
  {
    name: "log file validation off",
    scenario: healthy((s) => (trailOf(s, PROD).logFileValidation = false)),
    problems: [`fail cloudtrail.log-file-validation ${PROD} global validationOff`],
    exitCode: 1,
  },
  {
    name: "no KMS encryption",
    scenario: healthy((s) => delete trailOf(s, PROD).kmsKeyId),
    problems: [`fail cloudtrail.kms-encryption ${PROD} global notEncrypted`],
    exitCode: 1,
  },
  {
    name: "no CloudWatch Logs delivery",
    scenario: healthy((s) => delete trailOf(s, PROD).logGroup),
    problems: [`fail cloudtrail.cloudwatch-logs-delivery ${PROD} global noLogGroup`],
    exitCode: 1,
  },
  {
    name: "delivery errors to S3 and CloudWatch Logs",
    scenario: healthy((s) => {
      trailOf(s, PROD).status = {
        latestDeliveryTime: "-3h",
        latestDeliveryError: "AccessDenied",
        latestCloudWatchLogsDeliveryTime: "-3h",
        latestCloudWatchLogsDeliveryError: "AccessDeniedException",
      };
    }),
    problems: [
      `fail cloudtrail.cloudwatch-logs-delivery ${PROD} global deliveryError`,
      `fail cloudtrail.s3-delivery ${PROD} global deliveryError`,
    ],
    exitCode: 1,
  },
  {
    name: "stale delivery",
    scenario: healthy((s) => {
      trailOf(s, PROD).status = { latestDeliveryTime: "-3d", latestCloudWatchLogsDeliveryTime: "-3d" };
    }),
    problems: [
      `fail cloudtrail.cloudwatch-logs-delivery ${PROD} global stale`,
      `fail cloudtrail.s3-delivery ${PROD} global stale`,
    ],
    exitCode: 1,
  },
  {
    name: "organization trail covering every member",
    scenario: bundledScenario("org-trail"),
    problems: [],
    exitCode: 0,
  },
  {
    name: "organization trail stopped: every member is blind",
    scenario: (() => {
      const s = bundledScenario("org-trail");
      trailOf(s, MGMT).logging = false;
      trailOf(s, MGMT).status = { stopLoggingTime: "-1h", latestDeliveryTime: "-1h" };
      return s;
    })(),
    problems: [MGMT, PROD, DEV].flatMap((a) => [
      ...perRegion(`fail cloudtrail.multi-region-logging ${a}`, "trailStopped"),
      `fail cloudtrail.logging-interruption ${a} global stopped`,
    ]),
    exitCode: 1,
  },
  {
    name: "audit role not assumable",
    scenario: healthy((s) => {
      account(s, DEV).roles = [{ name: "WirewatchAudit", trust: ["arn:aws:iam::999999999999:root"] }];
    }),
    problems: [`fail org.account-reachable ${DEV} global roleNotAssumable`],
    exitCode: 2,
  },
];

/** The same gaps must be found whatever AWS throws at the scan on the way. */
const gapped = () =>
  healthy((s) => {
    trailOf(s, DEV).multiRegion = false;
    trailOf(s, PROD).eventSelectors = [{ readWriteType: "WriteOnly" }];
    trailOf(s, PROD).status = { latestDeliveryTime: "-3d", latestCloudWatchLogsDeliveryTime: "-1m" };
  });
const GAPPED_PROBLEMS = [
  ...perRegion(`fail cloudtrail.multi-region-logging ${DEV}`, "noTrail", ["ap-southeast-2", "eu-west-1"]),
  `fail cloudtrail.management-events ${PROD} global writeOnly`,
  `fail alarms.unauthorized-api-calls ${PROD} global trailDropsEvents`,
  `fail cloudtrail.s3-delivery ${PROD} global stale`,
];

describe("scan: CloudTrail coverage through the CLI", () => {
  it.concurrent.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const result = await scanE2e(c.scenario);
    expect(problems(result.report)).toEqual([...c.problems].sort());
    expect(result.code).toBe(c.exitCode);
  });
});

describe("scan: faults on the way", () => {
  it.each([
    ["CloudTrail", "cloudtrail:*"],
    ["every service", "*"],
  ])(
    "an SCP denying %s in one region is one finding there, hiding the checks it blinds",
    async (_name, action) => {
      const result = await scanE2e(healthy(), {
        faults: [{ action, account: DEV, region: "eu-west-1", error: "AccessDenied" }],
      });
      // One cause, one finding: nothing else is reported, in that region or anywhere.
      expect(problems(result.report)).toEqual([`fail org.region-reachable ${DEV} eu-west-1 regionDenied`]);
      const cause = result.report.findings.find(
        (f) => f.checkId === "org.region-reachable" && f.status === "fail",
      );
      expect(cause?.data).toMatchObject({
        operation: "cloudtrail:DescribeTrails",
        code: "AccessDeniedException",
      });
      // Every region-scoped check that needs the region's trails or rules is hidden under it.
      expect(cause?.hides).toEqual(
        expect.arrayContaining([
          "alarms.root-usage",
          "cloudtrail.multi-region-logging",
          "eventbridge.cloudtrail-forwarding",
          "logs.trail-subscription",
        ]),
      );
      expect(cause?.hides).toHaveLength(action === "*" ? 26 : 25);
      const cell = result.report.coverage.find((c) => c.accountId === DEV && c.region === "eu-west-1");
      expect(cell?.paths).toEqual({ archive: "unknown", log: "unknown", alarm: "unknown", fast: "unknown" });
      expect(result.report.summary.findings.error).toBe(0);
      expect(result.report.summary.incomplete).toBe(true);
      expect(result.code).toBe(2);
    },
  );

  it("an audit role no account lets us assume is one finding an account, and every cell unknown", async () => {
    const result = await scanE2e(healthy(), { config: { roles: { audit: { name: "NotDeployed" } } } });
    expect(problems(result.report)).toEqual(
      [MGMT, PROD, DEV].map((a) => `fail org.account-reachable ${a} global roleNotAssumable`),
    );
    expect(result.report.summary.accounts).toEqual({ total: 3, scanned: 3, unreachable: 3 });
    expect(result.report.coverage.map((c) => [c.accountId, c.region, c.latency])).toEqual(
      [MGMT, PROD, DEV].map((a) => [a, "*", "unknown"]),
    );
    expect(result.code).toBe(2);
  });

  const faultCases: Array<[string, E2eOptions]> = [
    [
      "injected throttling on every third CloudTrail call",
      { faults: [{ action: "cloudtrail:*", error: "Throttling", every: 3 }] },
    ],
    [
      "published limits squeezed to 2 requests per second",
      { tps: { "cloudtrail:read": 2, "account:api": 1 } },
    ],
    ["injected 5xx on every fourth call", { faults: [{ action: "*", error: "InternalError", every: 4 }] }],
  ];
  it.concurrent.each(faultCases)("%s: the same findings as a fault-free scan", async (_name, opts) => {
    const result = await scanE2e(gapped(), opts);
    expect(problems(result.report)).toEqual([...GAPPED_PROBLEMS].sort());
    expect(result.code).toBe(1);
    // Injected faults are retried; squeezed limits may be met by the client's pacing alone, with no throttle.
    if (opts.faults) expect(result.report.stats.totals.retries).toBeGreaterThan(0);
  });

  it("finds the gaps without any fault too", async () => {
    const result = await scanE2e(gapped());
    expect(problems(result.report)).toEqual([...GAPPED_PROBLEMS].sort());
    expect(result.report.stats.totals.retries).toBe(0);
  });
});
