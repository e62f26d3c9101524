/**
 * Every error the simulator answers with carries AWS's code and HTTP status. The expected status is read from the
 * service model the SDK client ships (test/support/sdk-model.ts), never typed by hand; errors no model lists are
 * the protocols' common errors (sim/errors.ts PROTOCOL_ERRORS) or named, with their source, in UNMODELLED below.
 */
import { readFileSync } from "node:fs";
import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import {
  CloudTrailClient,
  CreateTrailCommand,
  type CreateTrailCommandInput,
  type EventCategory,
  GetTrailStatusCommand,
  type LookupAttributeKey,
  LookupEventsCommand,
  PutEventSelectorsCommand,
  StopLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  type DescribeAlarmsForMetricCommandInput,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
  PutSubscriptionFilterCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeRuleCommand,
  DisableRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from "@aws-sdk/client-securityhub";
import { CreateTopicCommand, GetTopicAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_ERRORS } from "../../../sim/errors.ts";
import type { ScenarioInput } from "../../../sim/scenario.ts";
import type { Simulator } from "../../../sim/server.ts";
import { SERVICES } from "../../../sim/services/index.ts";
import { modelError } from "../../support/sdk-model.ts";
import {
  AUDIT_ROLE,
  MEMBER_A,
  MGMT,
  REMEDIATION_ROLE,
  assumeRole,
  baseScenario,
  clientConfig,
  failureOf,
  hubCredentials,
  startTestSim,
} from "../../support/sim.ts";

/**
 * Codes a service answers with that its model does not define, each with its status and where it comes from.
 */
const UNMODELLED: Record<string, Record<string, number>> = {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html (Throttling 400, as the
  // service answers it: https://github.com/turbot/steampipe-plugin-aws/issues/892); AccessDenied as awsQuery's 403.
  monitoring: { AccessDenied: 403, Throttling: 400 },
  // "an HTTP 400 InvalidToken error" (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListTargetsByRule.html);
  // ValidationException 400 (https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html).
  events: { InvalidToken: 400, ValidationException: 400 },
  // https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
  sts: { AccessDenied: 403, Throttling: 400, ValidationError: 400 },
};

const MODULES: Record<string, string> = {
  account: "account",
  cloudtrail: "cloudtrail",
  monitoring: "cloudwatch",
  events: "eventbridge",
  logs: "logs",
  organizations: "organizations",
  securityhub: "securityhub",
  sns: "sns",
  sts: "sts",
};

describe("each service's error table agrees with its model", () => {
  it.each(Object.keys(SERVICES))("%s", (service) => {
    const def = SERVICES[service]!;
    for (const [code, status] of Object.entries(def.errors)) {
      const expected = modelError(service, code)?.status ?? UNMODELLED[service]?.[code];
      expect({ code, status }).toEqual({ code, status: expected });
    }
    // The throttling and denial errors are in the table, and so is every code the service module raises.
    expect(def.errors[def.throttling.code]).toBeDefined();
    expect(def.errors[def.accessDeniedCode]).toBeDefined();
    const refuses = Object.values(def.operations).some(
      (op) => Object.keys(op.members.refused ?? {}).length > 0,
    );
    if (refuses) expect(def.errors[def.refusalCode]).toBeDefined();
    const source = readFileSync(
      new URL(`../../../sim/services/${MODULES[service]}.ts`, import.meta.url),
      "utf8",
    );
    const raised = [
      ...source.matchAll(/(?:SimError|fail)\(\s*"([A-Za-z]+)"/g),
      ...source.matchAll(/(?:invalidTokenCode|modelValidation\(|code:)\s*"?([A-Z][A-Za-z]+)"/g),
    ].map((m) => m[1]!);
    const common =
      PROTOCOL_ERRORS[def.protocols.includes("query") && !def.protocols.includes("json") ? "query" : "json"];
    expect(raised.filter((c) => def.errors[c] === undefined && !(c in common))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Every error through the real SDK: the error's `name` and `$metadata.httpStatusCode`.

const TOPIC = `arn:aws:sns:us-east-1:${MEMBER_A}:alerts`;
const DESTINATION = `arn:aws:logs:us-east-1:${MGMT}:destination:central`;

function world(): ScenarioInput {
  return baseScenario({
    accounts: [
      { id: MGMT, name: "management" },
      {
        id: MEMBER_A,
        name: "member-a",
        trails: [
          { name: "a-multi", homeRegion: "us-east-1" },
          ...Array.from({ length: 5 }, (_, i) => ({
            name: `local-${i}`,
            homeRegion: "us-west-2",
            multiRegion: false,
          })),
        ],
        regionState: {
          "us-east-1": {
            logGroups: [
              {
                name: "full",
                subscriptionFilters: [
                  { name: "one", destinationArn: DESTINATION },
                  { name: "two", destinationArn: DESTINATION },
                ],
              },
            ],
            rules: [
              {
                name: "five-targets",
                eventPattern: { source: ["aws.cloudtrail"] },
                targets: Array.from({ length: 5 }, (_, i) => ({
                  id: `t${i}`,
                  arn: `arn:aws:events:us-east-1:${MGMT}:event-bus/central`,
                })),
              },
              { name: "managed", eventPattern: { source: ["aws.s3"] }, managedBy: "config.amazonaws.com" },
            ],
            alarms: [{ name: "root-usage", metricName: "RootUsage", namespace: "CISBenchmark" }],
            topics: [{ name: "alerts" }],
          },
        },
      },
    ],
  });
}

interface Ctx {
  sim: Simulator;
  creds: (role?: string, account?: string) => Promise<AwsCredentialIdentity>;
}

type Call = (c: Ctx) => Promise<unknown>;
type Case = [service: string, code: string, call: Call];

const ct = async (c: Ctx, role = AUDIT_ROLE, region = "us-east-1") =>
  new CloudTrailClient(clientConfig(c.sim, await c.creds(role), region));
const cwl = async (c: Ctx, role = AUDIT_ROLE) =>
  new CloudWatchLogsClient(clientConfig(c.sim, await c.creds(role)));
const eb = async (c: Ctx, role = AUDIT_ROLE) =>
  new EventBridgeClient(clientConfig(c.sim, await c.creds(role)));
const cw = async (c: Ctx, role = AUDIT_ROLE) =>
  new CloudWatchClient(clientConfig(c.sim, await c.creds(role)));
const sns = async (c: Ctx, role = AUDIT_ROLE) => new SNSClient(clientConfig(c.sim, await c.creds(role)));
const hubSts = (c: Ctx, region = "us-east-1") =>
  new STSClient(clientConfig(c.sim, hubCredentials(c.sim), region));
const orgs = async (c: Ctx, member = false) =>
  new OrganizationsClient(clientConfig(c.sim, member ? await c.creds() : hubCredentials(c.sim)));
const sh = async (c: Ctx, role = AUDIT_ROLE) =>
  new SecurityHubClient(clientConfig(c.sim, await c.creds(role)));
const acct = (c: Ctx) => new AccountClient(clientConfig(c.sim, hubCredentials(c.sim)));
const trail = (over: Partial<CreateTrailCommandInput>): CreateTrailCommandInput => ({
  Name: "new-trail",
  S3BucketName: "trail-bucket",
  ...over,
});
const create = async (c: Ctx, over: Partial<CreateTrailCommandInput>, region?: string) =>
  (await ct(c, REMEDIATION_ROLE, region)).send(new CreateTrailCommand(trail(over)));

/** An injected fault of the service's own kind: the same error the rate limiter answers. */
const throttled =
  (service: string, call: Call): Call =>
  async (c) => {
    c.sim.faults.set([{ action: `${service}:*`, error: "Throttling", times: 1 }]);
    try {
      return await call(c);
    } finally {
      c.sim.faults.clear();
    }
  };

const CASES: Case[] = [
  // CloudTrail
  [
    "cloudtrail",
    "AccessDeniedException",
    async (c) => (await ct(c)).send(new StopLoggingCommand({ Name: "a-multi" })),
  ],
  [
    "cloudtrail",
    "CloudTrailARNInvalidException",
    async (c) => (await ct(c)).send(new GetTrailStatusCommand({ Name: "arn:aws:cloudtrail:x" })),
  ],
  [
    "cloudtrail",
    "InvalidCloudWatchLogsLogGroupArnException",
    (c) => create(c, { CloudWatchLogsRoleArn: `arn:aws:iam::${MEMBER_A}:role/r` }),
  ],
  [
    "cloudtrail",
    "InvalidCloudWatchLogsRoleArnException",
    (c) => create(c, { CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${MEMBER_A}:log-group:full:*` }),
  ],
  [
    "cloudtrail",
    "InvalidEventCategoryException",
    async (c) => (await ct(c)).send(new LookupEventsCommand({ EventCategory: "data" as EventCategory })),
  ],
  [
    "cloudtrail",
    "InvalidEventSelectorsException",
    async (c) => (await ct(c, REMEDIATION_ROLE)).send(new PutEventSelectorsCommand({ TrailName: "a-multi" })),
  ],
  [
    "cloudtrail",
    "InvalidHomeRegionException",
    async (c) =>
      (await ct(c, REMEDIATION_ROLE, "us-west-2")).send(new StopLoggingCommand({ Name: "a-multi" })),
  ],
  ["cloudtrail", "InvalidKmsKeyIdException", (c) => create(c, { KmsKeyId: "not a key" })],
  [
    "cloudtrail",
    "InvalidLookupAttributesException",
    async (c) =>
      (await ct(c)).send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "Nope" as LookupAttributeKey, AttributeValue: "x" }],
        }),
      ),
  ],
  [
    "cloudtrail",
    "InvalidMaxResultsException",
    async (c) => (await ct(c)).send(new LookupEventsCommand({ MaxResults: 51 })),
  ],
  [
    "cloudtrail",
    "InvalidNextTokenException",
    async (c) => (await ct(c)).send(new LookupEventsCommand({ NextToken: "forged" })),
  ],
  [
    "cloudtrail",
    "InvalidParameterCombinationException",
    (c) => create(c, { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: false }),
  ],
  ["cloudtrail", "InvalidS3BucketNameException", (c) => create(c, { S3BucketName: "Not_A_Bucket" })],
  ["cloudtrail", "InvalidS3PrefixException", (c) => create(c, { S3KeyPrefix: "p".repeat(201) })],
  ["cloudtrail", "InvalidSnsTopicNameException", (c) => create(c, { SnsTopicName: "not a topic" })],
  ["cloudtrail", "InvalidTagParameterException", (c) => create(c, { TagsList: [{ Key: "" }] })],
  [
    "cloudtrail",
    "InvalidTimeRangeException",
    async (c) =>
      (await ct(c)).send(
        new LookupEventsCommand({
          StartTime: new Date(2_000_000_000_000),
          EndTime: new Date(1_000_000_000_000),
        }),
      ),
  ],
  [
    "cloudtrail",
    "InvalidTrailNameException",
    async (c) => (await ct(c)).send(new GetTrailStatusCommand({ Name: "a--b" })),
  ],
  ["cloudtrail", "MaximumNumberOfTrailsExceededException", (c) => create(c, {}, "us-west-2")],
  ["cloudtrail", "NotOrganizationMasterAccountException", (c) => create(c, { IsOrganizationTrail: true })],
  [
    "cloudtrail",
    "TagsLimitExceededException",
    (c) => create(c, { TagsList: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}` })) }),
  ],
  [
    "cloudtrail",
    "ThrottlingException",
    throttled("cloudtrail", async (c) => (await ct(c)).send(new GetTrailStatusCommand({ Name: "a-multi" }))),
  ],
  ["cloudtrail", "TrailAlreadyExistsException", (c) => create(c, { Name: "a-multi" })],
  [
    "cloudtrail",
    "TrailNotFoundException",
    async (c) => (await ct(c)).send(new GetTrailStatusCommand({ Name: "no-such-trail" })),
  ],
  // CloudWatch Logs
  [
    "logs",
    "AccessDeniedException",
    async (c) => (await cwl(c)).send(new CreateLogGroupCommand({ logGroupName: "new" })),
  ],
  [
    "logs",
    "InvalidParameterException",
    async (c) => (await cwl(c)).send(new DescribeLogGroupsCommand({ limit: 0 })),
  ],
  [
    "logs",
    "LimitExceededException",
    async (c) =>
      (await cwl(c, REMEDIATION_ROLE)).send(
        new PutSubscriptionFilterCommand({
          logGroupName: "full",
          filterName: "three",
          filterPattern: "",
          destinationArn: DESTINATION,
        }),
      ),
  ],
  [
    "logs",
    "ResourceAlreadyExistsException",
    async (c) => (await cwl(c, REMEDIATION_ROLE)).send(new CreateLogGroupCommand({ logGroupName: "full" })),
  ],
  [
    "logs",
    "ResourceNotFoundException",
    async (c) =>
      (await cwl(c, REMEDIATION_ROLE)).send(
        new PutRetentionPolicyCommand({ logGroupName: "missing", retentionInDays: 30 }),
      ),
  ],
  [
    "logs",
    "ThrottlingException",
    throttled("logs", async (c) => (await cwl(c)).send(new DescribeLogGroupsCommand({}))),
  ],
  // EventBridge
  [
    "events",
    "AccessDeniedException",
    async (c) => (await eb(c)).send(new DisableRuleCommand({ Name: "five-targets" })),
  ],
  [
    "events",
    "InvalidEventPatternException",
    async (c) =>
      (await eb(c, REMEDIATION_ROLE)).send(new PutRuleCommand({ Name: "r", EventPattern: "{bad" })),
  ],
  ["events", "InvalidToken", async (c) => (await eb(c)).send(new ListRulesCommand({ NextToken: "forged" }))],
  [
    "events",
    "LimitExceededException",
    async (c) =>
      (await eb(c, REMEDIATION_ROLE)).send(
        new PutTargetsCommand({
          Rule: "five-targets",
          Targets: [{ Id: "t5", Arn: `arn:aws:events:us-east-1:${MGMT}:event-bus/central` }],
        }),
      ),
  ],
  [
    "events",
    "ManagedRuleException",
    async (c) => (await eb(c, REMEDIATION_ROLE)).send(new DisableRuleCommand({ Name: "managed" })),
  ],
  [
    "events",
    "ResourceNotFoundException",
    async (c) => (await eb(c)).send(new DescribeRuleCommand({ Name: "no-such-rule" })),
  ],
  [
    "events",
    "ThrottlingException",
    throttled("events", async (c) => (await eb(c)).send(new ListRulesCommand({}))),
  ],
  ["events", "ValidationException", async (c) => (await eb(c)).send(new ListRulesCommand({ Limit: 0 }))],
  // CloudWatch
  [
    "monitoring",
    "AccessDenied",
    async (c) =>
      (await cw(c)).send(
        new PutMetricAlarmCommand({
          AlarmName: "a",
          EvaluationPeriods: 1,
          ComparisonOperator: "GreaterThanThreshold",
        }),
      ),
  ],
  [
    "monitoring",
    "InvalidNextToken",
    async (c) => (await cw(c)).send(new DescribeAlarmsCommand({ NextToken: "forged" })),
  ],
  [
    "monitoring",
    "InvalidParameterCombination",
    async (c) => (await cw(c)).send(new DescribeAlarmsCommand({ AlarmNames: ["a"], AlarmNamePrefix: "a" })),
  ],
  [
    "monitoring",
    "InvalidParameterValue",
    async (c) =>
      (await cw(c, REMEDIATION_ROLE)).send(
        new PutMetricAlarmCommand({
          AlarmName: "promql",
          EvaluationPeriods: 1,
          ComparisonOperator: "GreaterThanThreshold",
          EvaluationCriteria: { PromQLCriteria: { Query: "up == 0" } },
        }),
      ),
  ],
  [
    "monitoring",
    "MissingParameter",
    async (c) =>
      (await cw(c)).send(
        new DescribeAlarmsForMetricCommand({
          MetricName: "RootUsage",
        } as DescribeAlarmsForMetricCommandInput),
      ),
  ],
  [
    "monitoring",
    "ResourceNotFound",
    async (c) => (await cw(c, REMEDIATION_ROLE)).send(new DeleteAlarmsCommand({ AlarmNames: ["nope"] })),
  ],
  [
    "monitoring",
    "Throttling",
    throttled("monitoring", async (c) => (await cw(c)).send(new DescribeAlarmsCommand({}))),
  ],
  [
    "monitoring",
    "ValidationError",
    async (c) => (await cw(c)).send(new DescribeAlarmsCommand({ MaxRecords: 101 })),
  ],
  // SNS
  ["sns", "AuthorizationError", async (c) => (await sns(c)).send(new CreateTopicCommand({ Name: "new" }))],
  [
    "sns",
    "InvalidParameter",
    async (c) => (await sns(c, REMEDIATION_ROLE)).send(new CreateTopicCommand({ Name: "not a name" })),
  ],
  [
    "sns",
    "NotFound",
    async (c) => (await sns(c)).send(new GetTopicAttributesCommand({ TopicArn: `${TOPIC}-missing` })),
  ],
  [
    "sns",
    "Throttled",
    throttled("sns", async (c) => (await sns(c)).send(new GetTopicAttributesCommand({ TopicArn: TOPIC }))),
  ],
  // STS
  [
    "sts",
    "AccessDenied",
    (c) =>
      hubSts(c).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER_A}:role/NoSuchRole`, RoleSessionName: "s1" }),
      ),
  ],
  ["sts", "RegionDisabledException", (c) => hubSts(c, "ap-east-1").send(new GetCallerIdentityCommand({}))],
  ["sts", "Throttling", throttled("sts", (c) => hubSts(c).send(new GetCallerIdentityCommand({})))],
  [
    "sts",
    "ValidationError",
    (c) =>
      hubSts(c).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${MEMBER_A}:role/${AUDIT_ROLE}`,
          RoleSessionName: "x",
        }),
      ),
  ],
  // Organizations
  [
    "organizations",
    "AccessDeniedException",
    async (c) => (await orgs(c, true)).send(new ListAccountsCommand({})),
  ],
  [
    "organizations",
    "InvalidInputException",
    async (c) => (await orgs(c)).send(new ListAccountsCommand({ NextToken: "forged" })),
  ],
  [
    "organizations",
    "TooManyRequestsException",
    throttled("organizations", async (c) => (await orgs(c)).send(new ListAccountsCommand({}))),
  ],
  // Account
  ["account", "AccessDeniedException", (c) => acct(c).send(new ListRegionsCommand({ AccountId: MEMBER_A }))],
  [
    "account",
    "ValidationException",
    (c) => acct(c).send(new ListRegionsCommand({ RegionOptStatusContains: ["NOT_A_STATUS" as "ENABLED"] })),
  ],
  [
    "account",
    "TooManyRequestsException",
    throttled("account", (c) => acct(c).send(new ListRegionsCommand({}))),
  ],
  // Security Hub
  [
    "securityhub",
    "AccessDeniedException",
    async (c) => (await sh(c)).send(new BatchImportFindingsCommand({ Findings: [{} as AwsSecurityFinding] })),
  ],
  [
    "securityhub",
    "InvalidInputException",
    async (c) => (await sh(c, REMEDIATION_ROLE)).send(new BatchImportFindingsCommand({ Findings: [] })),
  ],
  [
    "securityhub",
    "LimitExceededException",
    throttled("securityhub", async (c) => (await sh(c)).send(new GetFindingsCommand({}))),
  ],
];

/** Errors that need a world of their own: [service, code, scenario, call]. */
const OWN_WORLD: Array<[string, string, ScenarioInput, Call]> = [
  [
    "cloudtrail",
    "OrganizationsNotInUseException",
    baseScenario({ organization: undefined }),
    async (c) =>
      (await ct(c, REMEDIATION_ROLE)).send(new CreateTrailCommand(trail({ IsOrganizationTrail: true }))),
  ],
  [
    "cloudtrail",
    "OrganizationNotInAllFeaturesModeException",
    baseScenario({
      organization: { id: "o-exampleorg1", managementAccount: MGMT, featureSet: "CONSOLIDATED_BILLING" },
    }),
    async (c) =>
      new CloudTrailClient(clientConfig(c.sim, await assumeRole(c.sim, MGMT, REMEDIATION_ROLE))).send(
        new CreateTrailCommand(trail({ IsOrganizationTrail: true })),
      ),
  ],
  [
    "organizations",
    "AWSOrganizationsNotInUseException",
    baseScenario({ organization: undefined }),
    async (c) => (await orgs(c)).send(new ListAccountsCommand({})),
  ],
];

/** The SDK error name and status AWS's model gives a code (the unmodelled ones keep their code as the name). */
function expected(service: string, code: string): { name: string; status: number | undefined } {
  const m = modelError(service, code);
  return m ? { name: m.shape, status: m.status } : { name: code, status: UNMODELLED[service]?.[code] };
}

function contextFor(sim: Simulator): Ctx {
  const cache = new Map<string, Promise<AwsCredentialIdentity>>();
  return {
    sim,
    creds: (role = AUDIT_ROLE, account = MEMBER_A) => {
      const key = `${account}/${role}`;
      if (!cache.has(key)) cache.set(key, assumeRole(sim, account, role));
      return cache.get(key)!;
    },
  };
}

async function observed(call: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  const err = await failureOf(call);
  return { name: err.name, status: err.$metadata?.httpStatusCode };
}

describe("every error through the SDK, with the model's name and HTTP status", () => {
  let sim: Simulator;
  let ctx: Ctx;
  beforeAll(async () => {
    sim = await startTestSim(world());
    ctx = contextFor(sim);
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each(CASES)("%s %s", async (service, code, call) => {
    expect(await observed(call(ctx))).toEqual(expected(service, code));
  });

  it.each(OWN_WORLD)("%s %s", async (service, code, scenario, call) => {
    const own = await startTestSim(scenario);
    try {
      expect(await observed(call(contextFor(own)))).toEqual(expected(service, code));
    } finally {
      await own.close();
    }
  });

  it("covers every code of every service's error table", () => {
    const covered = new Set([...CASES, ...OWN_WORLD].map(([service, code]) => `${service}:${code}`));
    const listed = Object.entries(SERVICES).flatMap(([service, def]) =>
      Object.keys(def.errors).map((code) => `${service}:${code}`),
    );
    expect(listed.filter((k) => !covered.has(k))).toEqual([]);
  });
});

describe("the SigV4 signing window", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim(world());
  });
  afterAll(async () => {
    await sim.close();
  });

  // A client whose clock is off by `offsetMs` signs with that time (the SDK's systemClockOffset).
  const skewed = (offsetMs: number) => ({
    ...clientConfig(sim, hubCredentials(sim)),
    systemClockOffset: offsetMs,
  });

  it.each([
    [
      "6 minutes slow",
      -6 * 60_000,
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    ],
    [
      "6 minutes fast",
      6 * 60_000,
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
    ],
  ])("refuses a request signed %s, in each protocol's words", async (_label, offset, message) => {
    const json = await failureOf(new OrganizationsClient(skewed(offset)).send(new ListAccountsCommand({})));
    expect({ name: json.name, status: json.$metadata?.httpStatusCode }).toEqual({
      name: "InvalidSignatureException",
      status: 400,
    });
    expect(json.message).toMatch(message);
    const query = await failureOf(new STSClient(skewed(offset)).send(new GetCallerIdentityCommand({})));
    expect({ name: query.name, status: query.$metadata?.httpStatusCode }).toEqual({
      name: "SignatureDoesNotMatch",
      status: 403,
    });
    expect(query.message).toMatch(message);
  });

  it.each([
    ["4 minutes slow", -4 * 60_000],
    ["4 minutes fast", 4 * 60_000],
  ])("accepts a request signed %s", async (_label, offset) => {
    await expect(new STSClient(skewed(offset)).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject(
      {
        Account: MGMT,
      },
    );
  });
});
