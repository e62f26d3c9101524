/**
 * Scenario files: the organization, its accounts, roles and per-region wiring, validated with zod and turned into
 * a World. Times accept ISO 8601 or offsets from now ("-15m", "-2h", "-3d"). Schema reference: docs/simulator.md.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { PARTITIONS, parseArn, partitionOf, type Partition } from "../src/inventory/arn.ts";
import { faultRuleSchema } from "./faults.ts";
import { policyDocumentSchema } from "./iam.ts";
import {
  regionOf,
  type AccountState,
  type AlarmState,
  type Credential,
  type LogGroupState,
  type RegionOptStatus,
  type RoleState,
  type TrailState,
  type World,
} from "./state.ts";

const accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit account id");
const time = z.string().describe("ISO 8601 time or an offset from now such as -15m, -2h, -3d");
const jsonText = z.union([z.string(), z.record(z.string(), z.unknown())]);

const roleSchema = z
  .strictObject({
    name: z.string(),
    /** Principal ARNs the trust policy admits; `arn:<partition>:iam::<id>:root` admits any principal of that account. */
    trust: z.array(z.string()).optional(),
    externalId: z.string().min(2).max(1224).optional(),
    /** Two-level IAM, for roles without `policies`: read-only principals cannot write. */
    access: z.enum(["read-only", "read-write"]).optional(),
    /** Inline permission policies, evaluated per action as IAM does (sim/iam.ts); replace `access`. */
    policies: z.array(policyDocumentSchema).min(1).optional(),
    maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
  })
  .refine((r) => !(r.access && r.policies), {
    message: "give a role either access or policies, not both: policies decide every action",
  });

const trailSchema = z.strictObject({
  name: z.string(),
  homeRegion: z.string(),
  multiRegion: z.boolean().default(true),
  organization: z.boolean().default(false),
  s3Bucket: z.string().default("wirewatch-trail-logs"),
  s3KeyPrefix: z.string().optional(),
  snsTopic: z.string().optional(),
  globalServiceEvents: z.boolean().default(true),
  logFileValidation: z.boolean().default(true),
  kmsKeyId: z.string().optional(),
  /** Log group name in the trail's home region and owner account. */
  logGroup: z.string().optional(),
  cloudWatchLogsRoleArn: z.string().optional(),
  logging: z.boolean().default(true),
  status: z
    .strictObject({
      latestDeliveryTime: time.optional(),
      latestDeliveryError: z.string().optional(),
      latestCloudWatchLogsDeliveryTime: time.optional(),
      latestCloudWatchLogsDeliveryError: z.string().optional(),
      latestNotificationError: z.string().optional(),
      latestDigestDeliveryTime: time.optional(),
      latestDigestDeliveryError: z.string().optional(),
      startLoggingTime: time.optional(),
      stopLoggingTime: time.optional(),
    })
    .default({}),
  eventSelectors: z
    .array(
      z.strictObject({
        readWriteType: z.enum(["ReadOnly", "WriteOnly", "All"]).default("All"),
        includeManagementEvents: z.boolean().default(true),
        excludeManagementEventSources: z.array(z.string()).default([]),
        dataResources: z.array(z.strictObject({ type: z.string(), values: z.array(z.string()) })).default([]),
      }),
    )
    .optional(),
  advancedEventSelectors: z
    .array(
      z.strictObject({
        name: z.string().optional(),
        fieldSelectors: z.array(
          z.strictObject({
            field: z.string(),
            equals: z.array(z.string()).optional(),
            notEquals: z.array(z.string()).optional(),
            startsWith: z.array(z.string()).optional(),
            notStartsWith: z.array(z.string()).optional(),
            endsWith: z.array(z.string()).optional(),
            notEndsWith: z.array(z.string()).optional(),
          }),
        ),
      }),
    )
    .optional(),
  tags: z.record(z.string(), z.string()).default({}),
});

const ruleSchema = z.strictObject({
  name: z.string(),
  eventBus: z.string().default("default"),
  eventPattern: jsonText.optional(),
  scheduleExpression: z.string().optional(),
  state: z.enum(["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"]).default("ENABLED"),
  description: z.string().optional(),
  roleArn: z.string().optional(),
  managedBy: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  targets: z
    .array(
      z.strictObject({
        id: z.string(),
        arn: z.string(),
        roleArn: z.string().optional(),
        input: z.string().optional(),
        deadLetterArn: z.string().optional(),
        retryPolicy: z
          .strictObject({
            maximumRetryAttempts: z.number().int().min(0).max(185).optional(),
            maximumEventAgeInSeconds: z.number().int().min(60).max(86400).optional(),
          })
          .optional(),
      }),
    )
    .max(5)
    .default([]),
});

const logGroupSchema = z.strictObject({
  name: z.string(),
  retentionInDays: z.number().int().optional(),
  kmsKeyId: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  subscriptionFilters: z
    .array(
      z.strictObject({
        name: z.string(),
        pattern: z.string().default(""),
        destinationArn: z.string(),
        roleArn: z.string().optional(),
        distribution: z.enum(["Random", "ByLogStream"]).default("ByLogStream"),
      }),
    )
    .max(2)
    .default([]),
  metricFilters: z
    .array(
      z.strictObject({
        name: z.string(),
        pattern: z.string(),
        metricName: z.string(),
        metricNamespace: z.string(),
        metricValue: z.string().default("1"),
        defaultValue: z.number().optional(),
        dimensions: z.record(z.string(), z.string()).optional(),
        unit: z.string().optional(),
      }),
    )
    .max(100)
    .default([]),
});

const accountPolicySchema = z.strictObject({
  name: z.string(),
  type: z
    .enum([
      "SUBSCRIPTION_FILTER_POLICY",
      "DATA_PROTECTION_POLICY",
      "FIELD_INDEX_POLICY",
      "TRANSFORMER_POLICY",
    ])
    .default("SUBSCRIPTION_FILTER_POLICY"),
  document: jsonText,
  selectionCriteria: z.string().optional(),
});

const alarmSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  metricName: z.string().optional(),
  namespace: z.string().optional(),
  /** Sum unless extendedStatistic is given. */
  statistic: z.string().optional(),
  extendedStatistic: z.string().optional(),
  period: z.number().int().default(300),
  evaluationPeriods: z.number().int().default(1),
  datapointsToAlarm: z.number().int().optional(),
  unit: z.string().optional(),
  evaluateLowSampleCountPercentile: z.enum(["evaluate", "ignore"]).optional(),
  threshold: z.number().default(1),
  comparisonOperator: z.string().default("GreaterThanOrEqualToThreshold"),
  treatMissingData: z.string().optional(),
  actionsEnabled: z.boolean().default(true),
  alarmActions: z.array(z.string()).default([]),
  okActions: z.array(z.string()).default([]),
  insufficientDataActions: z.array(z.string()).default([]),
  dimensions: z.array(z.strictObject({ name: z.string(), value: z.string() })).default([]),
  /** Metric-math alarm metrics, in the AWS MetricDataQuery shape. */
  metrics: z.array(z.record(z.string(), z.unknown())).optional(),
  state: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]).default("OK"),
  tags: z.record(z.string(), z.string()).default({}),
});

const topicSchema = z.strictObject({
  name: z.string(),
  displayName: z.string().optional(),
  /** Topic access policy; omitted means SNS's default owner-only policy. */
  policy: jsonText.optional(),
  kmsMasterKeyId: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  subscriptions: z
    .array(
      z.strictObject({
        protocol: z.string().default("email"),
        endpoint: z.string(),
        confirmed: z.boolean().default(true),
      }),
    )
    .default([]),
});

const eventSeedSchema = z.strictObject({
  eventName: z.string(),
  eventSource: z.string(),
  time,
  readOnly: z.boolean().default(false),
  username: z.string().optional(),
});

const regionStateSchema = z.strictObject({
  rules: z.array(ruleSchema).default([]),
  logGroups: z.array(logGroupSchema).default([]),
  accountPolicies: z.array(accountPolicySchema).default([]),
  alarms: z.array(alarmSchema).default([]),
  topics: z.array(topicSchema).default([]),
  events: z.array(eventSeedSchema).default([]),
});

const userSchema = z
  .strictObject({
    name: z.string(),
    accessKeyId: z.string().min(16),
    secretAccessKey: z.string().min(16),
    access: z.enum(["read-only", "read-write"]).optional(),
    policies: z.array(policyDocumentSchema).min(1).optional(),
  })
  .refine((u) => !(u.access && u.policies), {
    message: "give a user either access or policies, not both: policies decide every action",
  });

const accountSchema = z.strictObject({
  id: accountId,
  name: z.string(),
  email: z.string().optional(),
  /** Organizations `State`; `status` is the retiring field, derived from state when omitted. */
  state: z.enum(["PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED"]).default("ACTIVE"),
  /** Enabled regions; defaults.regions when omitted. */
  regions: z.array(z.string()).optional(),
  /** Opt-in regions the account knows but has not enabled; defaults.disabledRegions when omitted. */
  disabledRegions: z.array(z.string()).optional(),
  roles: z.array(roleSchema).default([]),
  users: z.array(userSchema).default([]),
  trails: z.array(trailSchema).default([]),
  regionState: z.record(z.string(), regionStateSchema).default({}),
});

/**
 * The regions a scenario's accounts have when it names none, per partition (the partitions' regions:
 * https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-endpoints.html,
 * http://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html). The first is the hub's region.
 */
export const PARTITION_DEFAULT_REGIONS: Record<Partition, string[]> = {
  aws: ["us-east-1", "us-west-2", "eu-west-1"],
  "aws-us-gov": ["us-gov-west-1", "us-gov-east-1"],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
};

const baseScenarioSchema = z.strictObject({
  description: z.string().optional(),
  /** The AWS partition the organization lives in: every ARN and region of the scenario must be of it. */
  partition: z.enum(PARTITIONS).default("aws"),
  organization: z
    .strictObject({
      id: z.string().regex(/^o-[a-z0-9]{10,32}$/),
      managementAccount: accountId,
      featureSet: z.enum(["ALL", "CONSOLIDATED_BILLING"]).default("ALL"),
    })
    .optional(),
  hub: z
    .strictObject({
      account: accountId,
      user: z.string().default("wirewatch-hub"),
      accessKeyId: z.string().min(16),
      secretAccessKey: z.string().min(16),
      access: z.enum(["read-only", "read-write"]).optional(),
      /** The hub user's permission policies (sim/iam.ts); replace `access`. */
      policies: z.array(policyDocumentSchema).min(1).optional(),
      /** Default: the partition's first region (us-east-1, us-gov-west-1, cn-north-1). */
      region: z.string().optional(),
    })
    .refine((h) => !(h.access && h.policies), {
      message: "give the hub either access or policies, not both: policies decide every action",
    }),
  settings: z
    .strictObject({
      latencyMs: z.number().min(0).optional(),
      rateLimits: z.boolean().optional(),
      timeScale: z.number().positive().optional(),
      /** Organizations ListAccounts serves an empty first page with a NextToken, as AWS may. */
      emptyPages: z.boolean().optional(),
    })
    .default({}),
  defaults: z
    .strictObject({
      /** Default: PARTITION_DEFAULT_REGIONS of the scenario's partition. */
      regions: z.array(z.string()).optional(),
      disabledRegions: z.array(z.string()).default([]),
      roles: z.array(roleSchema).default([]),
    })
    .default({ disabledRegions: [], roles: [] }),
  accounts: z.array(accountSchema).min(1),
  faults: z.array(faultRuleSchema).default([]),
});

type ParsedScenario = z.output<typeof baseScenarioSchema>;

/**
 * Every region the scenario names, with where: each must be of the scenario's partition, as an account of one
 * partition knows no region of another.
 */
function regionsNamed(s: ParsedScenario): Array<{ path: PropertyKey[]; region: string }> {
  const out: Array<{ path: PropertyKey[]; region: string }> = [];
  const list = (path: PropertyKey[], regions: string[] | undefined) =>
    regions?.forEach((region, i) => out.push({ path: [...path, i], region }));
  if (s.hub.region !== undefined) out.push({ path: ["hub", "region"], region: s.hub.region });
  list(["defaults", "regions"], s.defaults.regions);
  list(["defaults", "disabledRegions"], s.defaults.disabledRegions);
  s.accounts.forEach((a, i) => {
    list(["accounts", i, "regions"], a.regions);
    list(["accounts", i, "disabledRegions"], a.disabledRegions);
    a.trails.forEach((t, j) =>
      out.push({ path: ["accounts", i, "trails", j, "homeRegion"], region: t.homeRegion }),
    );
    for (const region of Object.keys(a.regionState))
      out.push({ path: ["accounts", i, "regionState", region], region });
  });
  s.faults.forEach((f, i) => {
    if (f.region !== undefined) out.push({ path: ["faults", i, "region"], region: f.region });
  });
  return out;
}

/** Every string of the scenario that is an ARN (trust principals, targets, destinations, policies...), with where. */
function arnsNamed(value: unknown, path: PropertyKey[] = []): Array<{ path: PropertyKey[]; arn: string }> {
  if (typeof value === "string") return value.startsWith("arn:") ? [{ path, arn: value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => arnsNamed(v, [...path, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => arnsNamed(v, [...path, k]));
  }
  return [];
}

/**
 * The scenario fits its partition: every region is one of the partition's (by name: `us-gov-*` is aws-us-gov,
 * `cn-*` aws-cn) and every ARN carries it. Unset regions default to the partition's.
 */
export const scenarioSchema = baseScenarioSchema
  .superRefine((s, ctx) => {
    for (const { path, region } of regionsNamed(s)) {
      if (partitionOf(region) !== s.partition) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `region ${region} is in partition ${partitionOf(region)}, not the scenario's ${s.partition}`,
        });
      }
    }
    for (const { path, arn } of arnsNamed(s)) {
      const partition = parseArn(arn)?.partition;
      if (partition !== s.partition) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `ARN ${arn} is not in the scenario's partition ${s.partition} (arn:${s.partition}:...)`,
        });
      }
    }
  })
  .transform((s) => {
    const regions = s.defaults.regions ?? PARTITION_DEFAULT_REGIONS[s.partition];
    return {
      ...s,
      hub: { ...s.hub, region: s.hub.region ?? PARTITION_DEFAULT_REGIONS[s.partition][0]! },
      defaults: { ...s.defaults, regions },
    };
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

export class ScenarioError extends Error {
  override name = "ScenarioError";
}

export function parseScenario(data: unknown, source = "scenario"): Scenario {
  const result = scenarioSchema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues
      .map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("\n");
    throw new ScenarioError(`${source} is not a valid scenario:\n${issues}`);
  }
  return result.data;
}

export function loadScenarioFile(path: string): Scenario {
  const text = readFileSync(path, "utf8");
  const data: unknown = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  return parseScenario(data, path);
}

/** Resolves a scenario time: ISO 8601, or an offset from `now` such as "-15m". */
export function resolveTime(value: string | undefined, now: number): Date | undefined {
  if (value === undefined) return undefined;
  const m = /^([+-])(\d+)([smhd])$/.exec(value);
  if (m) {
    const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[3] as "s" | "m" | "h" | "d"];
    return new Date(now + (m[1] === "-" ? -1 : 1) * Number(m[2]) * unit);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new ScenarioError(`invalid time ${value}`);
  return d;
}

const jsonString = (v: string | Record<string, unknown> | undefined) =>
  v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v);

export function defaultTopicPolicy(topicArn: string, owner: string): string {
  return JSON.stringify({
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
        Resource: topicArn,
        Condition: { StringEquals: { "AWS:SourceOwner": owner } },
      },
    ],
  });
}

export function buildTrail(
  t: Scenario["accounts"][number]["trails"][number],
  owner: string,
  now: number,
  partition: Partition = "aws",
): TrailState {
  const at = (v: string | undefined) => resolveTime(v, now);
  const s = t.status;
  const arn = `arn:${partition}:`;
  return {
    Name: t.name,
    TrailARN: `${arn}cloudtrail:${t.homeRegion}:${owner}:trail/${t.name}`,
    HomeRegion: t.homeRegion,
    S3BucketName: t.s3Bucket,
    S3KeyPrefix: t.s3KeyPrefix,
    SnsTopicName: t.snsTopic,
    SnsTopicARN: t.snsTopic ? `${arn}sns:${t.homeRegion}:${owner}:${t.snsTopic}` : undefined,
    IncludeGlobalServiceEvents: t.globalServiceEvents,
    IsMultiRegionTrail: t.multiRegion,
    IsOrganizationTrail: t.organization,
    LogFileValidationEnabled: t.logFileValidation,
    CloudWatchLogsLogGroupArn: t.logGroup
      ? `${arn}logs:${t.homeRegion}:${owner}:log-group:${t.logGroup}:*`
      : undefined,
    CloudWatchLogsRoleArn: t.logGroup
      ? (t.cloudWatchLogsRoleArn ?? `${arn}iam::${owner}:role/CloudTrail_CloudWatchLogs_Role`)
      : undefined,
    KmsKeyId: t.kmsKeyId,
    status: {
      IsLogging: t.logging,
      // A logging trail delivers every few minutes unless the scenario says otherwise.
      LatestDeliveryTime: at(s.latestDeliveryTime) ?? (t.logging ? new Date(now - 4 * 60e3) : undefined),
      LatestDeliveryError: s.latestDeliveryError,
      LatestCloudWatchLogsDeliveryTime:
        at(s.latestCloudWatchLogsDeliveryTime) ??
        (t.logging && t.logGroup ? new Date(now - 2 * 60e3) : undefined),
      LatestCloudWatchLogsDeliveryError: s.latestCloudWatchLogsDeliveryError,
      LatestNotificationError: s.latestNotificationError,
      LatestDigestDeliveryTime:
        at(s.latestDigestDeliveryTime) ??
        (t.logging && t.logFileValidation ? new Date(now - 30 * 60e3) : undefined),
      LatestDigestDeliveryError: s.latestDigestDeliveryError,
      StartLoggingTime: at(s.startLoggingTime) ?? (t.logging ? new Date(now - 90 * 86400e3) : undefined),
      StopLoggingTime: at(s.stopLoggingTime) ?? (t.logging ? undefined : new Date(now - 86400e3)),
    },
    eventSelectors: t.eventSelectors?.map((e) => ({
      ReadWriteType: e.readWriteType,
      IncludeManagementEvents: e.includeManagementEvents,
      ExcludeManagementEventSources: e.excludeManagementEventSources,
      DataResources: e.dataResources.map((d) => ({ Type: d.type, Values: d.values })),
    })),
    advancedEventSelectors: t.advancedEventSelectors?.map((a) => ({
      Name: a.name,
      FieldSelectors: a.fieldSelectors.map((f) => ({
        Field: f.field,
        Equals: f.equals,
        NotEquals: f.notEquals,
        StartsWith: f.startsWith,
        NotStartsWith: f.notStartsWith,
        EndsWith: f.endsWith,
        NotEndsWith: f.notEndsWith,
      })),
    })),
    tags: t.tags,
  };
}

export function buildWorld(scenario: Scenario): World {
  const now = Date.now();
  const partition = scenario.partition;
  const arn = `arn:${partition}:`;
  const world: World = {
    partition,
    accounts: new Map(),
    credentials: new Map(),
    hubAccessKeyId: scenario.hub.accessKeyId,
    quirks: { emptyPages: scenario.settings.emptyPages === true },
  };
  const orgInfo = scenario.organization;
  const mgmt = orgInfo ? scenario.accounts.find((a) => a.id === orgInfo.managementAccount) : undefined;
  if (orgInfo) {
    if (!mgmt)
      throw new ScenarioError(
        `organization.managementAccount ${orgInfo.managementAccount} is not in accounts`,
      );
    world.organization = {
      id: orgInfo.id,
      arn: `${arn}organizations::${orgInfo.managementAccount}:organization/${orgInfo.id}`,
      masterAccountId: orgInfo.managementAccount,
      masterAccountEmail: mgmt.email ?? `${mgmt.name}@example.com`,
      featureSet: orgInfo.featureSet,
    };
  }

  for (const a of scenario.accounts) {
    if (world.accounts.has(a.id)) throw new ScenarioError(`accounts: duplicate account id ${a.id}`);
    const regions = new Map<string, RegionOptStatus>();
    for (const r of scenario.defaults.disabledRegions) regions.set(r, "DISABLED");
    for (const r of a.disabledRegions ?? []) regions.set(r, "DISABLED");
    for (const r of a.regions ?? scenario.defaults.regions) regions.set(r, "ENABLED_BY_DEFAULT");
    const roles = new Map<string, RoleState>();
    for (const r of [...scenario.defaults.roles, ...a.roles]) {
      roles.set(r.name, {
        name: r.name,
        arn: `${arn}iam::${a.id}:role/${r.name}`,
        trustedPrincipals: r.trust ?? [`${arn}iam::${scenario.hub.account}:root`],
        externalId: r.externalId,
        maxSessionDuration: r.maxSessionDuration,
        access: r.access ?? "read-only",
        ...(r.policies ? { policies: r.policies } : {}),
      });
    }
    const account: AccountState = {
      id: a.id,
      name: a.name,
      email: a.email ?? `${a.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}@example.com`,
      state: a.state,
      joinedTimestamp: new Date(now - 400 * 86400e3),
      regions,
      roles,
      regionState: new Map(),
    };
    world.accounts.set(a.id, account);
    for (const u of a.users) {
      addCredential(world, {
        accessKeyId: u.accessKeyId,
        secretAccessKey: u.secretAccessKey,
        accountId: a.id,
        arn: `${arn}iam::${a.id}:user/${u.name}`,
        userId: `AIDA${u.accessKeyId.slice(4, 20)}`,
        kind: "user",
        access: u.access ?? "read-only",
        ...(u.policies ? { policies: u.policies } : {}),
      });
    }
    for (const t of a.trails) {
      const trail = buildTrail(t, a.id, now, partition);
      const rs = regionOf(account, t.homeRegion);
      if (rs.trails.has(t.name))
        throw new ScenarioError(`accounts.${a.id}.trails: duplicate trail ${t.name}`);
      rs.trails.set(t.name, trail);
      // A trail delivering to CloudWatch Logs implies its log group exists.
      if (t.logGroup && !rs.logGroups.has(t.logGroup)) {
        rs.logGroups.set(t.logGroup, newLogGroup(a.id, t.homeRegion, t.logGroup, now, partition));
      }
    }
    for (const [region, st] of Object.entries(a.regionState)) {
      const rs = regionOf(account, region);
      for (const r of st.rules) {
        rs.rules.set(`${r.eventBus}/${r.name}`, {
          Name: r.name,
          Arn:
            r.eventBus === "default"
              ? `${arn}events:${region}:${a.id}:rule/${r.name}`
              : `${arn}events:${region}:${a.id}:rule/${r.eventBus}/${r.name}`,
          EventBusName: r.eventBus,
          EventPattern: jsonString(r.eventPattern),
          ScheduleExpression: r.scheduleExpression,
          State: r.state,
          Description: r.description,
          RoleArn: r.roleArn,
          ManagedBy: r.managedBy,
          CreatedBy: a.id,
          tags: r.tags,
          targets: r.targets.map((t) => ({
            Id: t.id,
            Arn: t.arn,
            RoleArn: t.roleArn,
            Input: t.input,
            DeadLetterConfig: t.deadLetterArn ? { Arn: t.deadLetterArn } : undefined,
            RetryPolicy: t.retryPolicy
              ? {
                  MaximumRetryAttempts: t.retryPolicy.maximumRetryAttempts,
                  MaximumEventAgeInSeconds: t.retryPolicy.maximumEventAgeInSeconds,
                }
              : undefined,
          })),
        });
      }
      for (const g of st.logGroups) {
        const lg = rs.logGroups.get(g.name) ?? newLogGroup(a.id, region, g.name, now, partition);
        lg.retentionInDays = g.retentionInDays;
        lg.kmsKeyId = g.kmsKeyId;
        lg.tags = g.tags;
        lg.subscriptionFilters = g.subscriptionFilters.map((f) => ({
          filterName: f.name,
          logGroupName: g.name,
          filterPattern: f.pattern,
          destinationArn: f.destinationArn,
          roleArn: f.roleArn,
          distribution: f.distribution,
          creationTime: now - 30 * 86400e3,
        }));
        lg.metricFilters = g.metricFilters.map((f) => ({
          filterName: f.name,
          logGroupName: g.name,
          filterPattern: f.pattern,
          metricTransformations: [
            {
              metricName: f.metricName,
              metricNamespace: f.metricNamespace,
              metricValue: f.metricValue,
              defaultValue: f.defaultValue,
              dimensions: f.dimensions,
              unit: f.unit,
            },
          ],
          creationTime: now - 30 * 86400e3,
        }));
        rs.logGroups.set(g.name, lg);
      }
      rs.accountPolicies = st.accountPolicies.map((p) => ({
        policyName: p.name,
        policyType: p.type,
        policyDocument: jsonString(p.document) ?? "{}",
        scope: "ALL",
        selectionCriteria: p.selectionCriteria,
        lastUpdatedTime: now - 30 * 86400e3,
        accountId: a.id,
      }));
      for (const al of st.alarms) rs.alarms.set(al.name, buildAlarm(al, a.id, region, now, partition));
      for (const t of st.topics) {
        const topicArn = `${arn}sns:${region}:${a.id}:${t.name}`;
        const attributes: Record<string, string> = {
          TopicArn: topicArn,
          Owner: a.id,
          DisplayName: t.displayName ?? "",
          Policy: jsonString(t.policy) ?? defaultTopicPolicy(topicArn, a.id),
          EffectiveDeliveryPolicy: JSON.stringify({
            http: { defaultHealthyRetryPolicy: { numRetries: 3 } },
          }),
        };
        if (t.kmsMasterKeyId) attributes.KmsMasterKeyId = t.kmsMasterKeyId;
        rs.topics.set(topicArn, {
          TopicArn: topicArn,
          attributes,
          tags: t.tags,
          subscriptions: t.subscriptions.map((s, i) => ({
            SubscriptionArn: s.confirmed
              ? `${topicArn}:${subscriptionId(a.id, t.name, i)}`
              : "PendingConfirmation",
            Protocol: s.protocol,
            Endpoint: s.endpoint,
            Owner: a.id,
            confirmed: s.confirmed,
          })),
        });
      }
      for (const e of st.events) {
        const eventTime = resolveTime(e.time, now) ?? new Date(now);
        const eventId = subscriptionId(a.id, e.eventName, rs.events.length);
        rs.events.push({
          EventId: eventId,
          EventName: e.eventName,
          ReadOnly: e.readOnly ? "true" : "false",
          EventTime: eventTime,
          EventSource: e.eventSource,
          Username: e.username,
          Resources: [],
          CloudTrailEvent: JSON.stringify({
            eventVersion: "1.09",
            eventTime: eventTime.toISOString(),
            eventSource: e.eventSource,
            eventName: e.eventName,
            awsRegion: region,
            eventID: eventId,
            readOnly: e.readOnly,
            eventType: "AwsApiCall",
            managementEvent: true,
            recipientAccountId: a.id,
          }),
        });
      }
      rs.events.sort((x, y) => x.EventTime.getTime() - y.EventTime.getTime());
    }
  }

  const hubAccount = world.accounts.get(scenario.hub.account);
  if (!hubAccount) throw new ScenarioError(`hub.account ${scenario.hub.account} is not in accounts`);
  addCredential(world, {
    accessKeyId: scenario.hub.accessKeyId,
    secretAccessKey: scenario.hub.secretAccessKey,
    accountId: scenario.hub.account,
    arn: `${arn}iam::${scenario.hub.account}:user/${scenario.hub.user}`,
    userId: `AIDA${scenario.hub.accessKeyId.slice(4, 20)}`,
    kind: "user",
    access: scenario.hub.access ?? "read-only",
    ...(scenario.hub.policies ? { policies: scenario.hub.policies } : {}),
  });
  return world;
}

function addCredential(world: World, cred: Credential): void {
  if (world.credentials.has(cred.accessKeyId)) {
    throw new ScenarioError(`access key ${cred.accessKeyId} is used twice`);
  }
  world.credentials.set(cred.accessKeyId, cred);
}

export function newLogGroup(
  owner: string,
  region: string,
  name: string,
  now: number,
  partition: Partition = "aws",
) {
  return {
    logGroupName: name,
    arn: `arn:${partition}:logs:${region}:${owner}:log-group:${name}:*`,
    creationTime: now - 90 * 86400e3,
    storedBytes: 0,
    subscriptionFilters: [],
    metricFilters: [],
    tags: {},
  } as LogGroupState;
}

function buildAlarm(
  al: Scenario["accounts"][number]["regionState"][string]["alarms"][number],
  owner: string,
  region: string,
  now: number,
  partition: Partition,
): AlarmState {
  return {
    AlarmName: al.name,
    AlarmArn: `arn:${partition}:cloudwatch:${region}:${owner}:alarm:${al.name}`,
    AlarmDescription: al.description,
    ActionsEnabled: al.actionsEnabled,
    OKActions: al.okActions,
    AlarmActions: al.alarmActions,
    InsufficientDataActions: al.insufficientDataActions,
    StateValue: al.state,
    StateReason: "Scenario initial state",
    StateUpdatedTimestamp: new Date(now - 86400e3),
    AlarmConfigurationUpdatedTimestamp: new Date(now - 30 * 86400e3),
    MetricName: al.metrics ? undefined : al.metricName,
    Namespace: al.metrics ? undefined : al.namespace,
    Statistic: al.metrics || al.extendedStatistic ? undefined : (al.statistic ?? "Sum"),
    ExtendedStatistic: al.metrics ? undefined : al.extendedStatistic,
    Dimensions: al.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
    Period: al.metrics ? undefined : al.period,
    Unit: al.unit,
    EvaluationPeriods: al.evaluationPeriods,
    DatapointsToAlarm: al.datapointsToAlarm,
    EvaluateLowSampleCountPercentile: al.evaluateLowSampleCountPercentile,
    Threshold: al.threshold,
    ComparisonOperator: al.comparisonOperator,
    TreatMissingData: al.treatMissingData,
    Metrics: al.metrics,
    tags: al.tags,
  };
}

/**
 * Deterministic UUID-shaped id, so scenario-seeded ARNs are stable across runs. Hashed: the hex of the raw text cut
 * to 32 digits kept only its first 16 characters, so seeded event ids and subscription ids collided.
 */
function subscriptionId(account: string, name: string, i: number): string {
  const hex = createHash("sha256").update(`${account}/${name}/${i}`).digest("hex").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
