/**
 * Large generated organizations for benchmarks and scale tests: N accounts x R regions, each account wired the way
 * wirewatch wants it (own multi-region trail, CloudWatch Logs delivery, central subscription, the 15 CIS metric
 * filters and alarms, a confirmed alarm topic, a forwarding rule per region), then a seeded choice of accounts
 * broken with gaps from GAP_KINDS. Deterministic: the same options give a deep-equal scenario.
 */
import { ALARM_CONTROLS } from "../src/alarms/controls.ts";
import { globalEventsRegion, partitionOf, type Partition } from "../src/inventory/arn.ts";
import type { FaultRule } from "./faults.ts";
import type { ScenarioInput } from "./scenario.ts";

/** The commercial regions enabled by default in every account (opt-in regions excluded). */
export const DEFAULT_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-south-1",
  "sa-east-1",
] as const;

/** Every kind of broken wiring the generator can inject; each trips at least one check of docs/checks.md. */
export const GAP_KINDS = [
  "role-untrusted", // org.account-reachable
  "region-denied", // org.region-reachable (an SCP denies every action in one region)
  "trail-missing", // cloudtrail.multi-region-logging
  "trail-stopped", // cloudtrail.multi-region-logging, cloudtrail.logging-interruption
  "trail-restarted", // cloudtrail.logging-interruption
  "trail-single-region", // cloudtrail.multi-region-logging (other regions)
  "selectors-write-only", // cloudtrail.management-events
  "selectors-exclude-kms", // cloudtrail.management-events
  "no-global-events", // cloudtrail.global-service-events
  "no-log-file-validation", // cloudtrail.log-file-validation
  "no-kms", // cloudtrail.kms-encryption
  "no-cloudwatch-logs", // cloudtrail.cloudwatch-logs-delivery
  "cloudwatch-logs-error", // cloudtrail.cloudwatch-logs-delivery
  "s3-delivery-error", // cloudtrail.s3-delivery
  "stale-delivery", // cloudtrail.s3-delivery, cloudtrail.cloudwatch-logs-delivery
  "rule-missing", // eventbridge.cloudtrail-forwarding
  "rule-disabled", // eventbridge.cloudtrail-forwarding
  "rule-narrowed", // eventbridge.cloudtrail-forwarding
  "rule-anything-but", // eventbridge.cloudtrail-forwarding
  "target-wrong-bus", // eventbridge.cloudtrail-forwarding
  "rule-no-read-events", // eventbridge.read-events-forwarding
  "target-no-role", // eventbridge.forwarding-target-health
  "target-no-dlq", // eventbridge.forwarding-target-health
  "subscription-missing", // logs.trail-subscription
  "subscription-wrong-destination", // logs.trail-subscription
  "subscription-narrowed", // logs.trail-subscription
  "short-retention", // logs.trail-retention
  "metric-filter-missing", // alarms.<control>
  "metric-filter-narrowed", // alarms.<control>
  "alarm-wrong-namespace", // alarms.<control>
  "alarm-actions-disabled", // alarms.<control>
  "topic-unconfirmed", // alarms.* (every control)
  "topic-denies-cloudwatch", // alarms.* (every control)
] as const;
export type GapKind = (typeof GAP_KINDS)[number];

export interface GenerateOptions {
  accounts: number;
  /** Region names, or how many of DEFAULT_REGIONS to use (from the front). */
  regions: string[] | number;
  /** Share of accounts given one to three gaps (0..1, default 0.2). */
  brokenFraction?: number;
  seed?: number;
  /** Gap kinds to draw from (default: all of GAP_KINDS). */
  gaps?: readonly GapKind[];
}

type AccountInput = ScenarioInput["accounts"][number];
type RoleInput = NonNullable<AccountInput["roles"]>[number];
type TrailInput = NonNullable<AccountInput["trails"]>[number];
type RegionInput = NonNullable<AccountInput["regionState"]>[string];
type RuleInput = NonNullable<RegionInput["rules"]>[number];
type LogGroupInput = NonNullable<RegionInput["logGroups"]>[number];
type MetricFilterInput = NonNullable<LogGroupInput["metricFilters"]>[number];
type AlarmInput = NonNullable<RegionInput["alarms"]>[number];
type TopicInput = NonNullable<RegionInput["topics"]>[number];

export const GENERATED_ORG_ID = "o-wirewatchgen";
export const GENERATED_HUB = {
  accessKeyId: "AKIAWIREWATCHGENHUB1",
  secretAccessKey: "wirewatchGeneratedHubSecret/0000000000000",
  user: "wirewatch-hub",
};
export const AUDIT_ROLE = "WirewatchAudit";
export const REMEDIATION_ROLE = "WirewatchRemediation";
export const CENTRAL_BUS = "wirewatch-central";
export const CENTRAL_DESTINATION = "wirewatch-central";
export const FORWARDING_RULE = "wirewatch-forward-cloudtrail";
export const TRAIL_NAME = "wirewatch-trail";
export const TRAIL_LOG_GROUP = "aws-cloudtrail-logs";
export const ALARM_TOPIC = "wirewatch-alarms";
export const CIS_NAMESPACE = "CISBenchmark";

/** `100000000000` + index: valid 12-digit ids, the management account first. */
export function generatedAccountId(index: number): string {
  return String(100_000_000_000 + index);
}

/** mulberry32: a small seeded PRNG, so generated organizations never depend on Math.random. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 15 CIS 4.x controls as wirewatch judges them: one source for the patterns the generated wiring uses. */
export const CIS_CONTROLS: ReadonlyArray<{
  id: string;
  control: string;
  metricName: string;
  pattern: string;
}> = ALARM_CONTROLS.map((c) => ({
  id: c.cis,
  control: c.id,
  metricName: c.metricName,
  pattern: c.canonicalPattern,
}));

// ---------------------------------------------------------------------------------------------------------------
// Builders: one healthy piece of wiring each. Gaps (below) edit what these return.
// ---------------------------------------------------------------------------------------------------------------

/** The organization-wide constants every builder needs. */
interface OrgShape {
  management: string;
  regions: string[];
  /** The partition of the regions (aws, or aws-us-gov / aws-cn when the regions are theirs). */
  partition: Partition;
  /**
   * Where trails, log groups, alarms and topics live: the partition's global-events region when it is among the
   * regions (us-east-1 in aws), so the trails see global service events there.
   */
  home: string;
}

/** `arn:<partition>:` of the generated organization. */
const arn = (org: OrgShape) => `arn:${org.partition}:`;

const kmsKeyArn = (org: OrgShape, account: string) =>
  `${arn(org)}kms:${org.home}:${account}:key/${account.slice(-8)}-0000-4000-8000-${account}`;
const topicArn = (org: OrgShape, account: string, name = ALARM_TOPIC) =>
  `${arn(org)}sns:${org.home}:${account}:${name}`;
const centralBusArn = (org: OrgShape, region: string) =>
  `${arn(org)}events:${region}:${org.management}:event-bus/${CENTRAL_BUS}`;
const centralDestinationArn = (org: OrgShape) =>
  `${arn(org)}logs:${org.home}:${org.management}:destination:${CENTRAL_DESTINATION}`;

/** The default roles every account carries (scenario `defaults.roles`), trusted by the management account. */
function wirewatchRoles(org: OrgShape): RoleInput[] {
  const trust = [`${arn(org)}iam::${org.management}:root`];
  return [
    { name: AUDIT_ROLE, access: "read-only", trust },
    { name: REMEDIATION_ROLE, access: "read-write", trust },
  ];
}

function healthyTrail(org: OrgShape, account: string): TrailInput {
  return {
    name: TRAIL_NAME,
    homeRegion: org.home,
    multiRegion: true,
    s3Bucket: `wirewatch-trail-logs-${account}`,
    globalServiceEvents: true,
    logFileValidation: true,
    kmsKeyId: kmsKeyArn(org, account),
    logGroup: TRAIL_LOG_GROUP,
    logging: true,
    status: { latestDeliveryTime: "-4m", latestCloudWatchLogsDeliveryTime: "-2m" },
  };
}

function cisMetricFilters(): MetricFilterInput[] {
  return CIS_CONTROLS.map((c) => ({
    name: `cis-${c.id}-${c.control}`,
    pattern: c.pattern,
    metricName: c.metricName,
    metricNamespace: CIS_NAMESPACE,
    metricValue: "1",
  }));
}

function cisAlarms(org: OrgShape, account: string): AlarmInput[] {
  return CIS_CONTROLS.map((c) => ({
    name: `cis-${c.id}-${c.control}`,
    metricName: c.metricName,
    namespace: CIS_NAMESPACE,
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    actionsEnabled: true,
    alarmActions: [topicArn(org, account)],
  }));
}

function trailLogGroup(org: OrgShape): LogGroupInput {
  return {
    name: TRAIL_LOG_GROUP,
    retentionInDays: 365,
    subscriptionFilters: [
      { name: "wirewatch-central", pattern: "", destinationArn: centralDestinationArn(org) },
    ],
    metricFilters: cisMetricFilters(),
  };
}

/** SNS's default owner policy plus a statement letting CloudWatch alarms publish. */
function alarmTopicPolicy(arn: string, account: string): Record<string, unknown> {
  return {
    Version: "2008-10-17",
    Id: "__default_policy_ID",
    Statement: [
      {
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [
          "SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish",
        ],
        Resource: arn,
        Condition: { StringEquals: { "AWS:SourceOwner": account } },
      },
      {
        Sid: "AllowCloudWatchAlarms",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: arn,
      },
    ],
  };
}

function alarmTopic(org: OrgShape, account: string): TopicInput {
  return {
    name: ALARM_TOPIC,
    policy: alarmTopicPolicy(topicArn(org, account), account),
    subscriptions: [{ protocol: "email", endpoint: `security+${account}@example.com`, confirmed: true }],
  };
}

function forwardingRule(org: OrgShape, account: string, region: string): RuleInput {
  return {
    name: FORWARDING_RULE,
    eventBus: "default",
    eventPattern: { "detail-type": ["AWS API Call via CloudTrail"] },
    state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
    description: "Forward CloudTrail API calls to the central wirewatch bus",
    targets: [
      {
        id: CENTRAL_BUS,
        arn: centralBusArn(org, region),
        roleArn: `${arn(org)}iam::${account}:role/wirewatch-eventbridge-forwarder`,
        deadLetterArn: `${arn(org)}sqs:${region}:${account}:wirewatch-forwarding-dlq`,
      },
    ],
  };
}

/** One account's wiring as editable parts; `toAccount` assembles the scenario shape. */
interface Wiring {
  id: string;
  name: string;
  /** Per-account roles overriding `defaults.roles` by name; empty when the defaults stand. */
  roles: RoleInput[];
  trail: TrailInput | undefined;
  logGroup: LogGroupInput | undefined;
  alarms: AlarmInput[];
  topics: TopicInput[];
  /** Region -> forwarding rule; a missing entry is a missing rule. */
  rules: Map<string, RuleInput>;
}

function healthyWiring(org: OrgShape, id: string, name: string): Wiring {
  return {
    id,
    name,
    roles: [],
    trail: healthyTrail(org, id),
    logGroup: trailLogGroup(org),
    alarms: cisAlarms(org, id),
    topics: [alarmTopic(org, id)],
    rules: new Map(org.regions.map((r) => [r, forwardingRule(org, id, r)])),
  };
}

function toAccount(org: OrgShape, w: Wiring): AccountInput {
  const regionState: Record<string, RegionInput> = {};
  for (const region of org.regions) {
    const rule = w.rules.get(region);
    const state: RegionInput = { rules: rule ? [rule] : [] };
    if (region === org.home) {
      state.logGroups = w.logGroup ? [w.logGroup] : [];
      state.alarms = w.alarms;
      state.topics = w.topics;
    }
    regionState[region] = state;
  }
  const account: AccountInput = { id: w.id, name: w.name, trails: w.trail ? [w.trail] : [], regionState };
  if (w.roles.length > 0) account.roles = w.roles;
  return account;
}

// ---------------------------------------------------------------------------------------------------------------
// Gaps: each edits one account's wiring (or adds a fault) in one way a real organization drifts.
// ---------------------------------------------------------------------------------------------------------------

interface GapContext {
  org: OrgShape;
  wiring: Wiring;
  /** The region a region-scoped gap hits. */
  region: string;
  /** Which CIS control an alarm-scoped gap hits. */
  control: number;
  faults: FaultRule[];
}

const withTrail = (ctx: GapContext, edit: (t: TrailInput) => void) => {
  if (ctx.wiring.trail) edit(ctx.wiring.trail);
};
const withRule = (ctx: GapContext, edit: (r: RuleInput) => void) => {
  const rule = ctx.wiring.rules.get(ctx.region);
  if (rule) edit(rule);
};
const withTarget = (ctx: GapContext, edit: (t: NonNullable<RuleInput["targets"]>[number]) => void) =>
  withRule(ctx, (r) => r.targets?.forEach(edit));
const withLogGroup = (ctx: GapContext, edit: (g: LogGroupInput) => void) => {
  if (ctx.wiring.logGroup) edit(ctx.wiring.logGroup);
};
const cisName = (i: number) => {
  const c = CIS_CONTROLS[i % CIS_CONTROLS.length]!;
  return `cis-${c.id}-${c.control}`;
};

const GAPS: Record<GapKind, (ctx: GapContext) => void> = {
  "role-untrusted": ({ org, wiring }) => {
    // The audit role's trust policy no longer admits the management account.
    wiring.roles = [{ name: AUDIT_ROLE, access: "read-only", trust: [`${arn(org)}iam::999999999999:root`] }];
  },
  "region-denied": ({ wiring, region, faults }) => {
    faults.push({ action: "*", account: wiring.id, region, error: "AccessDenied" });
  },
  "trail-missing": ({ wiring }) => {
    wiring.trail = undefined;
  },
  "trail-stopped": (ctx) =>
    withTrail(ctx, (t) => {
      t.logging = false;
      t.status = {
        ...t.status,
        stopLoggingTime: "-5h",
        latestDeliveryTime: "-5h",
        latestCloudWatchLogsDeliveryTime: "-5h",
      };
    }),
  "trail-restarted": (ctx) =>
    withTrail(ctx, (t) => {
      t.status = { ...t.status, stopLoggingTime: "-7h", startLoggingTime: "-6h" };
    }),
  "trail-single-region": (ctx) =>
    withTrail(ctx, (t) => {
      t.multiRegion = false;
    }),
  "selectors-write-only": (ctx) =>
    withTrail(ctx, (t) => {
      t.eventSelectors = [{ readWriteType: "WriteOnly", includeManagementEvents: true }];
    }),
  "selectors-exclude-kms": (ctx) =>
    withTrail(ctx, (t) => {
      t.advancedEventSelectors = [
        {
          name: "Management events without KMS",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Management"] },
            { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
          ],
        },
      ];
    }),
  "no-global-events": (ctx) =>
    withTrail(ctx, (t) => {
      t.globalServiceEvents = false;
    }),
  "no-log-file-validation": (ctx) =>
    withTrail(ctx, (t) => {
      t.logFileValidation = false;
    }),
  "no-kms": (ctx) =>
    withTrail(ctx, (t) => {
      delete t.kmsKeyId;
    }),
  "no-cloudwatch-logs": (ctx) => {
    withTrail(ctx, (t) => {
      delete t.logGroup;
      if (t.status) delete t.status.latestCloudWatchLogsDeliveryTime;
    });
    ctx.wiring.logGroup = undefined;
  },
  "cloudwatch-logs-error": (ctx) =>
    withTrail(ctx, (t) => {
      t.status = {
        ...t.status,
        latestCloudWatchLogsDeliveryTime: "-3d",
        latestCloudWatchLogsDeliveryError: "AccessDeniedException",
      };
    }),
  "s3-delivery-error": (ctx) =>
    withTrail(ctx, (t) => {
      t.status = { ...t.status, latestDeliveryTime: "-2d", latestDeliveryError: "AccessDenied" };
    }),
  "stale-delivery": (ctx) =>
    withTrail(ctx, (t) => {
      t.status = { ...t.status, latestDeliveryTime: "-4d", latestCloudWatchLogsDeliveryTime: "-4d" };
    }),
  "rule-missing": ({ wiring, region }) => {
    wiring.rules.delete(region);
  },
  "rule-disabled": (ctx) =>
    withRule(ctx, (r) => {
      r.state = "DISABLED";
    }),
  "rule-narrowed": (ctx) =>
    withRule(ctx, (r) => {
      r.eventPattern = { source: ["aws.ec2"], "detail-type": ["AWS API Call via CloudTrail"] };
    }),
  "rule-anything-but": (ctx) =>
    withRule(ctx, (r) => {
      r.eventPattern = {
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventName: [{ "anything-but": ["StopLogging", "DeleteTrail"] }] },
      };
    }),
  "target-wrong-bus": (ctx) =>
    withTarget(ctx, (t) => {
      t.arn = `${arn(ctx.org)}events:${ctx.region}:${ctx.org.management}:event-bus/wirewatch-central-old`;
    }),
  "rule-no-read-events": (ctx) =>
    withRule(ctx, (r) => {
      r.state = "ENABLED";
    }),
  "target-no-role": (ctx) =>
    withTarget(ctx, (t) => {
      delete t.roleArn;
    }),
  "target-no-dlq": (ctx) =>
    withTarget(ctx, (t) => {
      delete t.deadLetterArn;
    }),
  "subscription-missing": (ctx) =>
    withLogGroup(ctx, (g) => {
      g.subscriptionFilters = [];
    }),
  "subscription-wrong-destination": (ctx) =>
    withLogGroup(ctx, (g) => {
      g.subscriptionFilters = [
        {
          name: "wirewatch-central",
          pattern: "",
          destinationArn: `${arn(ctx.org)}logs:${ctx.org.home}:${ctx.org.management}:destination:wirewatch-central-v1`,
        },
      ];
    }),
  "subscription-narrowed": (ctx) =>
    withLogGroup(ctx, (g) => {
      g.subscriptionFilters = [
        {
          name: "wirewatch-central",
          pattern: '{ $.eventSource = "iam.amazonaws.com" }',
          destinationArn: centralDestinationArn(ctx.org),
        },
      ];
    }),
  "short-retention": (ctx) =>
    withLogGroup(ctx, (g) => {
      g.retentionInDays = 30;
    }),
  "metric-filter-missing": (ctx) =>
    withLogGroup(ctx, (g) => {
      const name = cisName(ctx.control);
      g.metricFilters = g.metricFilters?.filter((f) => f.name !== name);
    }),
  "metric-filter-narrowed": (ctx) =>
    withLogGroup(ctx, (g) => {
      // Someone "tidies" the filter: one event name dropped from its list, or, for controls without a list,
      // a clause no CloudTrail event satisfies. Either way it still looks right at a glance.
      const name = cisName(ctx.control);
      g.metricFilters = g.metricFilters?.map((f) => {
        if (f.name !== name) return f;
        const dropped = f.pattern.replace(/\(\$\.eventName = \w+\) \|\| /, "");
        return {
          ...f,
          pattern:
            dropped !== f.pattern
              ? dropped
              : `{ (${f.pattern.slice(1, -1).trim()}) && ($.awsRegion = "xx-none-1") }`,
        };
      });
    }),
  "alarm-wrong-namespace": ({ wiring, control }) => {
    const name = cisName(control);
    wiring.alarms = wiring.alarms.map((a) => (a.name === name ? { ...a, namespace: "LogMetrics" } : a));
  },
  "alarm-actions-disabled": ({ wiring, control }) => {
    const name = cisName(control);
    wiring.alarms = wiring.alarms.map((a) => (a.name === name ? { ...a, actionsEnabled: false } : a));
  },
  "topic-unconfirmed": ({ wiring }) => {
    wiring.topics = wiring.topics.map((t) => ({
      ...t,
      subscriptions: (t.subscriptions ?? []).map((s) => ({ ...s, confirmed: false })),
    }));
  },
  "topic-denies-cloudwatch": ({ wiring, org }) => {
    wiring.topics = wiring.topics.map((t) => {
      const arn = topicArn(org, wiring.id, t.name);
      const policy = alarmTopicPolicy(arn, wiring.id);
      policy.Statement = [
        ...(policy.Statement as unknown[]).slice(0, 1),
        {
          Sid: "DenyCloudWatch",
          Effect: "Deny",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "SNS:Publish",
          Resource: arn,
        },
      ];
      return { ...t, policy };
    });
  },
};

// ---------------------------------------------------------------------------------------------------------------

function resolveRegions(regions: string[] | number): string[] {
  if (typeof regions !== "number") {
    if (regions.length === 0) throw new RangeError("regions: at least one region is needed");
    return [...regions];
  }
  if (!Number.isInteger(regions) || regions < 1 || regions > DEFAULT_REGIONS.length) {
    throw new RangeError(`regions: between 1 and ${DEFAULT_REGIONS.length}, got ${regions}`);
  }
  return DEFAULT_REGIONS.slice(0, regions);
}

/** Fisher-Yates with the seeded PRNG; returns a new array. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Generates an organization of `accounts` accounts (the first is the management account and hosts the hub user
 * and the central bus and destination) over `regions`, healthy except for `round(brokenFraction * accounts)`
 * accounts chosen by the seed, each given one to three distinct gaps from `gaps`.
 */
export function generateOrganization(opts: GenerateOptions): ScenarioInput {
  const { accounts, seed = 1, brokenFraction = 0.2 } = opts;
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 899_999_999_999) {
    throw new RangeError(`accounts: a positive integer, got ${accounts}`);
  }
  if (!(brokenFraction >= 0 && brokenFraction <= 1)) {
    throw new RangeError(`brokenFraction: between 0 and 1, got ${brokenFraction}`);
  }
  const gapKinds = opts.gaps ?? GAP_KINDS;
  if (gapKinds.length === 0 && brokenFraction > 0) throw new RangeError("gaps: empty, nothing to break");
  const regions = resolveRegions(opts.regions);
  const management = generatedAccountId(0);
  const partition = partitionOf(regions[0]!);
  const global = globalEventsRegion(partition);
  const org: OrgShape = {
    management,
    regions,
    partition,
    home: regions.includes(global) ? global : regions[0]!,
  };
  const random = seededRandom(seed);

  const wirings = Array.from({ length: accounts }, (_, i) =>
    healthyWiring(
      org,
      generatedAccountId(i),
      i === 0 ? "management" : `member-${String(i).padStart(String(accounts).length, "0")}`,
    ),
  );
  const brokenCount = Math.round(brokenFraction * accounts);
  const broken = shuffled(
    wirings.map((_, i) => i),
    random,
  )
    .slice(0, brokenCount)
    .sort((a, b) => a - b);
  const faults: FaultRule[] = [];
  for (const index of broken) {
    const wiring = wirings[index]!;
    const count = Math.min(gapKinds.length, 1 + Math.floor(random() * 3));
    for (const gap of shuffled(gapKinds, random).slice(0, count)) {
      GAPS[gap]({
        org,
        wiring,
        region: regions[Math.floor(random() * regions.length)]!,
        control: Math.floor(random() * CIS_CONTROLS.length),
        faults,
      });
    }
  }

  return {
    description:
      `Generated organization: ${accounts} accounts x ${regions.length} regions, ${brokenCount} ` +
      `accounts with gaps (seed ${seed}).`,
    partition,
    organization: { id: GENERATED_ORG_ID, managementAccount: management },
    hub: {
      account: management,
      user: GENERATED_HUB.user,
      accessKeyId: GENERATED_HUB.accessKeyId,
      secretAccessKey: GENERATED_HUB.secretAccessKey,
      region: org.home,
    },
    defaults: { regions, disabledRegions: [], roles: wirewatchRoles(org) },
    accounts: wirings.map((w) => toAccount(org, w)),
    faults,
  };
}
