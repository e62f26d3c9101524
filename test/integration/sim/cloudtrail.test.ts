import {
  CloudTrailClient,
  CreateTrailCommand,
  type CreateTrailCommandInput,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  LookupEventsCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  paginateListTrails,
  paginateLookupEvents,
  type AdvancedEventSelector,
  type AdvancedFieldSelector,
  type EventCategory,
  type EventSelector,
  type LookupAttributeKey,
  type LookupEventsCommandInput,
  type ReadWriteType,
} from "@aws-sdk/client-cloudtrail";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { afterEach, describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../../sim/scenario.ts";
import type { Simulator } from "../../../sim/server.ts";
import { regionOf } from "../../../sim/state.ts";
import {
  AUDIT_ROLE,
  MEMBER_A,
  MEMBER_B,
  MGMT,
  REMEDIATION_ROLE,
  assumeRole,
  baseScenario,
  clientConfig,
  errorOf,
  startTestSim,
} from "../../support/sim.ts";
import { modelStatus } from "../../support/sdk-model.ts";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const arn = (region: string, account: string, name: string) =>
  `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
const ORG_TRAIL = arn("us-east-1", MGMT, "org-trail");
const A_MULTI = arn("us-west-2", MEMBER_A, "a-multi");

/**
 * Management: a multi-region organization trail homed in us-east-1, a single-region organization trail in
 * eu-west-1 and a private single-region trail. Member A: a multi-region trail homed in us-west-2 and a stopped
 * single-region trail in eu-west-1. Member B: one single-region trail in us-east-1.
 */
function scenario(extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return baseScenario({
    accounts: [
      {
        id: MGMT,
        name: "management",
        trails: [
          {
            name: "org-trail",
            homeRegion: "us-east-1",
            organization: true,
            logGroup: "org-trail-logs",
            status: { latestDeliveryError: "AccessDenied" },
            advancedEventSelectors: [
              { name: "management", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
            ],
          },
          { name: "org-eu", homeRegion: "eu-west-1", multiRegion: false, organization: true },
          { name: "mgmt-local", homeRegion: "us-west-2", multiRegion: false },
        ],
      },
      {
        id: MEMBER_A,
        name: "member-a",
        trails: [
          { name: "a-multi", homeRegion: "us-west-2", logGroup: "a-logs" },
          { name: "a-local", homeRegion: "eu-west-1", multiRegion: false, logging: false },
        ],
        regionState: { "us-east-1": { logGroups: [{ name: "a-new-logs" }] } },
      },
      {
        id: MEMBER_B,
        name: "member-b",
        trails: [{ name: "b-trail", homeRegion: "us-east-1", multiRegion: false }],
      },
    ],
    ...extra,
  });
}

async function client(
  account: string,
  role = AUDIT_ROLE,
  region = "us-east-1",
  creds?: AwsCredentialIdentity,
): Promise<CloudTrailClient> {
  return new CloudTrailClient(clientConfig(sim!, creds ?? (await assumeRole(sim!, account, role)), region));
}

async function trailNames(ct: CloudTrailClient, includeShadowTrails?: boolean): Promise<string[]> {
  const out = await ct.send(new DescribeTrailsCommand({ includeShadowTrails }));
  return (out.trailList ?? []).map((t) => t.TrailARN!).sort();
}

describe("DescribeTrails", () => {
  it.each([
    ["us-east-1", undefined, [A_MULTI, ORG_TRAIL]],
    ["us-west-2", undefined, [A_MULTI, ORG_TRAIL]],
    [
      "eu-west-1",
      undefined,
      [arn("eu-west-1", MEMBER_A, "a-local"), A_MULTI, arn("eu-west-1", MGMT, "org-eu"), ORG_TRAIL],
    ],
    ["us-east-1", false, []],
    ["us-west-2", false, [A_MULTI]],
    ["eu-west-1", false, [arn("eu-west-1", MEMBER_A, "a-local")]],
  ])("lists a member's trails in %s (includeShadowTrails %s)", async (region, shadows, expected) => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, AUDIT_ROLE, region);
    expect(await trailNames(ct, shadows)).toEqual([...expected].sort());
  });

  it("shows an organization trail to a member with the owner's ARN, home region and settings", async () => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_B, AUDIT_ROLE, "us-west-2");
    const out = await ct.send(new DescribeTrailsCommand({}));
    expect(out.trailList).toEqual([
      {
        Name: "org-trail",
        S3BucketName: "wirewatch-trail-logs",
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: true,
        HomeRegion: "us-east-1",
        TrailARN: ORG_TRAIL,
        LogFileValidationEnabled: true,
        CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${MGMT}:log-group:org-trail-logs:*`,
        CloudWatchLogsRoleArn: `arn:aws:iam::${MGMT}:role/CloudTrail_CloudWatchLogs_Role`,
        HasCustomEventSelectors: true,
        HasInsightSelectors: false,
        IsOrganizationTrail: true,
      },
    ]);
  });

  it("shows the management account its own trails only, and no member's", async () => {
    sim = await startTestSim(scenario());
    const ct = await client(MGMT, AUDIT_ROLE, "us-west-2");
    expect(await trailNames(ct)).toEqual([arn("us-west-2", MGMT, "mgmt-local"), ORG_TRAIL].sort());
  });

  it("resolves trailNameList names in this region only and ARNs anywhere the caller may look", async () => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, AUDIT_ROLE, "us-east-1");
    const names = [
      "a-multi", // a shadow here: a name does not reach it
      A_MULTI,
      arn("eu-west-1", MEMBER_A, "a-local"),
      ORG_TRAIL,
      arn("us-west-2", MGMT, "mgmt-local"), // not an organization trail: not visible
      arn("us-east-1", MEMBER_B, "b-trail"), // another account
      "no-such-trail",
    ];
    const out = await ct.send(new DescribeTrailsCommand({ trailNameList: names }));
    expect(out.trailList?.map((t) => t.TrailARN)).toEqual([
      A_MULTI,
      arn("eu-west-1", MEMBER_A, "a-local"),
      ORG_TRAIL,
    ]);
    const own = await ct.send(
      new DescribeTrailsCommand({ trailNameList: [A_MULTI], includeShadowTrails: false }),
    );
    expect(own.trailList).toEqual([]);
  });

  it.each([
    ["a malformed ARN", "arn:aws:cloudtrail:us-east-1:bad", "CloudTrailARNInvalidException"],
    ["an invalid name", "a--b", "InvalidTrailNameException"],
  ])("refuses %s in trailNameList", async (_label, name, code) => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A);
    expect(await errorOf(ct.send(new DescribeTrailsCommand({ trailNameList: [name] })))).toEqual({
      name: code,
      status: modelStatus("cloudtrail", code),
    });
  });
});

describe("ListTrails", () => {
  it.each([
    ["us-east-1", MEMBER_A, [A_MULTI, ORG_TRAIL]],
    [
      "eu-west-1",
      MEMBER_A,
      [arn("eu-west-1", MEMBER_A, "a-local"), A_MULTI, arn("eu-west-1", MGMT, "org-eu"), ORG_TRAIL],
    ],
    ["us-west-2", MGMT, [arn("us-west-2", MGMT, "mgmt-local"), ORG_TRAIL]],
    ["us-east-1", MEMBER_B, [arn("us-east-1", MEMBER_B, "b-trail"), ORG_TRAIL]],
  ])(
    "lists in %s what %s sees there: its own trails, its shadows and the organization's",
    async (region, account, expected) => {
      sim = await startTestSim(scenario());
      const ct = await client(account, AUDIT_ROLE, region);
      const out = await ct.send(new ListTrailsCommand({}));
      expect((out.Trails ?? []).map((t) => t.TrailARN).sort()).toEqual([...expected].sort());
      expect(out.NextToken).toBeUndefined();
      const org = out.Trails?.find((t) => t.TrailARN === ORG_TRAIL);
      expect(org).toEqual({ TrailARN: ORG_TRAIL, Name: "org-trail", HomeRegion: "us-east-1" });
    },
  );

  it("pages 50 trails at a time and refuses a forged NextToken", async () => {
    const regions = ["us-east-1", "us-west-2", "eu-west-1"];
    const trails = Array.from({ length: 61 }, (_, i) => ({
      name: `trail-${String(i).padStart(2, "0")}`,
      homeRegion: regions[i % regions.length]!,
    }));
    sim = await startTestSim(
      baseScenario({
        accounts: [
          { id: MGMT, name: "management" },
          { id: MEMBER_A, name: "member-a", trails },
        ],
      }),
    );
    const ct = await client(MEMBER_A);
    const sizes: number[] = [];
    const names: string[] = [];
    for await (const page of paginateListTrails({ client: ct }, {})) {
      sizes.push(page.Trails?.length ?? 0);
      names.push(...(page.Trails ?? []).map((t) => t.Name!));
    }
    expect(sizes).toEqual([50, 11]);
    expect(names.sort()).toEqual(trails.map((t) => t.name));
    expect(await errorOf(ct.send(new ListTrailsCommand({ NextToken: "forged" })))).toEqual({
      name: "InvalidNextTokenException",
      status: 400,
    });
  });
});

describe("GetTrailStatus and GetEventSelectors", () => {
  it("gives the owner the full status of its organization trail", async () => {
    sim = await startTestSim(scenario());
    const ct = await client(MGMT);
    const status = await ct.send(new GetTrailStatusCommand({ Name: "org-trail" }));
    expect(status).toMatchObject({
      IsLogging: true,
      LatestDeliveryError: "AccessDenied",
      TimeLoggingStarted: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown,
    });
    expect(status.LatestDeliveryTime).toBeInstanceOf(Date);
    expect(status.LatestCloudWatchLogsDeliveryTime).toBeInstanceOf(Date);
    expect(status.StartLoggingTime).toBeInstanceOf(Date);
  });

  it("gives a member the logging state of an organization trail by ARN, without delivery details", async () => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A);
    const status = await ct.send(new GetTrailStatusCommand({ Name: ORG_TRAIL }));
    expect(status.IsLogging).toBe(true);
    expect(status.StartLoggingTime).toBeInstanceOf(Date);
    expect(status.LatestDeliveryError).toBeUndefined();
    expect(status.LatestDeliveryTime).toBeUndefined();
    expect(status.LatestCloudWatchLogsDeliveryTime).toBeUndefined();
    const selectors = await ct.send(new GetEventSelectorsCommand({ TrailName: ORG_TRAIL }));
    expect(selectors.TrailARN).toBe(ORG_TRAIL);
    expect(selectors.EventSelectors).toBeUndefined();
    expect(selectors.AdvancedEventSelectors).toEqual([
      { Name: "management", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
    ]);
  });

  it("reads a trail's status by ARN from a region it is shadowed in", async () => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, AUDIT_ROLE, "eu-west-1");
    expect((await ct.send(new GetTrailStatusCommand({ Name: A_MULTI }))).IsLogging).toBe(true);
  });

  const readErrors: Array<[string, string, string, string]> = [
    ["an organization trail by name from a member", "us-east-1", "org-trail", "TrailNotFoundException"],
    ["a shadow trail by name outside its home region", "us-east-1", "a-multi", "TrailNotFoundException"],
    [
      "an own trail that does not exist",
      "us-east-1",
      arn("us-east-1", MEMBER_A, "gone"),
      "TrailNotFoundException",
    ],
    [
      "another account's trail",
      "us-east-1",
      arn("us-east-1", MEMBER_B, "b-trail"),
      "CloudTrailARNInvalidException",
    ],
    [
      "a management trail that is not an organization trail",
      "us-west-2",
      arn("us-west-2", MGMT, "mgmt-local"),
      "CloudTrailARNInvalidException",
    ],
    ["a malformed ARN", "us-east-1", "arn:aws:cloudtrail:us-east-1:1:trail", "CloudTrailARNInvalidException"],
    ["an invalid name", "us-east-1", "ab", "InvalidTrailNameException"],
  ];

  it.each(readErrors)("GetTrailStatus refuses %s", async (_label, region, name, code) => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, AUDIT_ROLE, region);
    expect(await errorOf(ct.send(new GetTrailStatusCommand({ Name: name })))).toEqual({
      name: code,
      status: modelStatus("cloudtrail", code),
    });
  });

  it.each(readErrors)("GetEventSelectors refuses %s", async (_label, region, name, code) => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, AUDIT_ROLE, region);
    expect(await errorOf(ct.send(new GetEventSelectorsCommand({ TrailName: name })))).toEqual({
      name: code,
      status: modelStatus("cloudtrail", code),
    });
  });

  it("returns the default basic selector for a trail without custom selectors", async () => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, AUDIT_ROLE, "us-west-2");
    const out = await ct.send(new GetEventSelectorsCommand({ TrailName: "a-multi" }));
    expect(out.TrailARN).toBe(A_MULTI);
    expect(out.AdvancedEventSelectors).toBeUndefined();
    expect(out.EventSelectors).toEqual([
      {
        ReadWriteType: "All",
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ]);
  });
});

describe("PutEventSelectors", () => {
  it("round-trips basic selectors, filling in the defaults, and marks the trail as customised", async () => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, REMEDIATION_ROLE, "us-west-2");
    const put = await ct.send(
      new PutEventSelectorsCommand({
        TrailName: "a-multi",
        EventSelectors: [
          { ReadWriteType: "WriteOnly", ExcludeManagementEventSources: ["kms.amazonaws.com"] },
          {
            ReadWriteType: "ReadOnly",
            IncludeManagementEvents: false,
            DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::bucket/"] }],
          },
        ],
      }),
    );
    const expected = [
      {
        ReadWriteType: "WriteOnly",
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: ["kms.amazonaws.com"],
      },
      {
        ReadWriteType: "ReadOnly",
        IncludeManagementEvents: false,
        DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::bucket/"] }],
        ExcludeManagementEventSources: [],
      },
    ];
    expect(put).toMatchObject({ TrailARN: A_MULTI, EventSelectors: expected });
    const got = await ct.send(new GetEventSelectorsCommand({ TrailName: A_MULTI }));
    expect(got.EventSelectors).toEqual(expected);
    expect(got.AdvancedEventSelectors).toBeUndefined();
    const listed = await ct.send(new DescribeTrailsCommand({ trailNameList: ["a-multi"] }));
    expect(listed.trailList?.[0]?.HasCustomEventSelectors).toBe(true);
  });

  it("round-trips advanced selectors, which replace basic ones and are replaced by them", async () => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, REMEDIATION_ROLE, "us-west-2");
    const advanced: AdvancedEventSelector[] = [
      {
        Name: "writes without kms",
        FieldSelectors: [
          { Field: "eventCategory", Equals: ["Management"] },
          { Field: "readOnly", Equals: ["false"] },
          { Field: "eventSource", NotEquals: ["kms.amazonaws.com"] },
        ],
      },
      {
        Name: "s3 data",
        FieldSelectors: [
          { Field: "eventCategory", Equals: ["Data"] },
          { Field: "resources.type", Equals: ["AWS::S3::Object"] },
          { Field: "resources.ARN", StartsWith: ["arn:aws:s3:::bucket/"] },
        ],
      },
    ];
    await ct.send(new PutEventSelectorsCommand({ TrailName: "a-multi", EventSelectors: [{}] }));
    await ct.send(new PutEventSelectorsCommand({ TrailName: "a-multi", AdvancedEventSelectors: advanced }));
    const got = await ct.send(new GetEventSelectorsCommand({ TrailName: "a-multi" }));
    expect(got.AdvancedEventSelectors).toEqual(advanced);
    expect(got.EventSelectors).toBeUndefined();
    await ct.send(
      new PutEventSelectorsCommand({ TrailName: "a-multi", EventSelectors: [{ ReadWriteType: "All" }] }),
    );
    const again = await ct.send(new GetEventSelectorsCommand({ TrailName: "a-multi" }));
    expect(again.AdvancedEventSelectors).toBeUndefined();
    expect(again.EventSelectors).toHaveLength(1);
  });

  const adv = (...fields: AdvancedFieldSelector[]): AdvancedEventSelector[] => [{ FieldSelectors: fields }];
  it.each<[string, { EventSelectors?: EventSelector[]; AdvancedEventSelectors?: AdvancedEventSelector[] }]>([
    ["six basic selectors", { EventSelectors: Array.from({ length: 6 }, () => ({})) }],
    ["no selectors at all", {}],
    ["an empty basic list", { EventSelectors: [] }],
    [
      "both kinds",
      {
        EventSelectors: [{}],
        AdvancedEventSelectors: adv({ Field: "eventCategory", Equals: ["Management"] }),
      },
    ],
    ["a bad ReadWriteType", { EventSelectors: [{ ReadWriteType: "read-only" as ReadWriteType }] }],
    [
      "an excluded source other than kms or rdsdata",
      { EventSelectors: [{ ExcludeManagementEventSources: ["s3.amazonaws.com"] }] },
    ],
    [
      "a data resource type basic selectors cannot log",
      { EventSelectors: [{ DataResources: [{ Type: "AWS::SNS::Topic", Values: ["arn:aws:sns"] }] }] },
    ],
    [
      "a data resource without values",
      { EventSelectors: [{ DataResources: [{ Type: "AWS::S3::Object", Values: [] }] }] },
    ],
    [
      "an advanced selector without eventCategory",
      { AdvancedEventSelectors: adv({ Field: "readOnly", Equals: ["true"] }) },
    ],
    [
      "an unknown event category",
      { AdvancedEventSelectors: adv({ Field: "eventCategory", Equals: ["Everything"] }) },
    ],
    [
      "readOnly with an operator other than Equals",
      {
        AdvancedEventSelectors: adv(
          { Field: "eventCategory", Equals: ["Management"] },
          { Field: "readOnly", NotEquals: ["true"] },
        ),
      },
    ],
    [
      "readOnly with a value other than true or false",
      {
        AdvancedEventSelectors: adv(
          { Field: "eventCategory", Equals: ["Management"] },
          { Field: "readOnly", Equals: ["yes"] },
        ),
      },
    ],
    [
      "eventName on management events",
      {
        AdvancedEventSelectors: adv(
          { Field: "eventCategory", Equals: ["Management"] },
          { Field: "eventName", Equals: ["StopLogging"] },
        ),
      },
    ],
    [
      "a management eventSource filter that is not an exclusion",
      {
        AdvancedEventSelectors: adv(
          { Field: "eventCategory", Equals: ["Management"] },
          { Field: "eventSource", Equals: ["iam.amazonaws.com"] },
        ),
      },
    ],
    [
      "data events without resources.type",
      { AdvancedEventSelectors: adv({ Field: "eventCategory", Equals: ["Data"] }) },
    ],
    [
      "a field selector without values",
      {
        AdvancedEventSelectors: adv(
          { Field: "eventCategory", Equals: ["Management"] },
          { Field: "eventSource" },
        ),
      },
    ],
  ])("refuses %s with InvalidEventSelectorsException", async (_label, selectors) => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, REMEDIATION_ROLE, "us-west-2");
    expect(
      await errorOf(ct.send(new PutEventSelectorsCommand({ TrailName: "a-multi", ...selectors }))),
    ).toEqual({
      name: "InvalidEventSelectorsException",
      status: 400,
    });
    // A refused request changes nothing.
    const got = await ct.send(new GetEventSelectorsCommand({ TrailName: "a-multi" }));
    expect(got.EventSelectors).toEqual([
      {
        ReadWriteType: "All",
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ]);
  });
});

describe("trail writes", () => {
  it("creates, starts, stops, updates and deletes a trail, visible as a shadow in other regions", async () => {
    sim = await startTestSim(scenario());
    const creds = await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE);
    const east = await client(MEMBER_A, REMEDIATION_ROLE, "us-east-1", creds);
    const west = await client(MEMBER_A, REMEDIATION_ROLE, "us-west-2", creds);
    const name = "new.trail_1";
    const created = await east.send(
      new CreateTrailCommand({
        Name: name,
        S3BucketName: "audit-logs.example",
        IsMultiRegionTrail: true,
        CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${MEMBER_A}:log-group:a-new-logs:*`,
        CloudWatchLogsRoleArn: `arn:aws:iam::${MEMBER_A}:role/CloudTrailToLogs`,
        KmsKeyId: "12345678-1234-1234-1234-123456789012",
        TagsList: [{ Key: "owner", Value: "wirewatch" }],
      }),
    );
    const newArn = arn("us-east-1", MEMBER_A, name);
    expect(created).toMatchObject({
      Name: name,
      TrailARN: newArn,
      S3BucketName: "audit-logs.example",
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      LogFileValidationEnabled: false,
      IsOrganizationTrail: false,
      KmsKeyId: `arn:aws:kms:us-east-1:${MEMBER_A}:key/12345678-1234-1234-1234-123456789012`,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${MEMBER_A}:log-group:a-new-logs:*`,
    });
    expect(await trailNames(west)).toContain(newArn);
    expect((await east.send(new GetTrailStatusCommand({ Name: name }))).IsLogging).toBe(false);

    await east.send(new StartLoggingCommand({ Name: name }));
    const started = await east.send(new GetTrailStatusCommand({ Name: newArn }));
    expect(started.IsLogging).toBe(true);
    expect(started.StartLoggingTime).toBeInstanceOf(Date);

    await east.send(new StopLoggingCommand({ Name: newArn }));
    const stopped = await east.send(new GetTrailStatusCommand({ Name: name }));
    expect(stopped.IsLogging).toBe(false);
    expect(stopped.StopLoggingTime).toBeInstanceOf(Date);

    const updated = await east.send(
      new UpdateTrailCommand({ Name: name, EnableLogFileValidation: true, S3KeyPrefix: "org" }),
    );
    expect(updated).toMatchObject({
      LogFileValidationEnabled: true,
      S3KeyPrefix: "org",
      S3BucketName: "audit-logs.example",
      IsMultiRegionTrail: true,
      CloudWatchLogsRoleArn: `arn:aws:iam::${MEMBER_A}:role/CloudTrailToLogs`,
    });
    const removedLogs = await east.send(
      new UpdateTrailCommand({ Name: name, CloudWatchLogsLogGroupArn: "", CloudWatchLogsRoleArn: "" }),
    );
    expect(removedLogs.CloudWatchLogsLogGroupArn).toBeUndefined();

    await east.send(new DeleteTrailCommand({ Name: name }));
    expect(await trailNames(east)).not.toContain(newArn);
    expect(await trailNames(west)).not.toContain(newArn);
  });

  it.each([
    ["too short", "ab"],
    ["starting with a dash", "-trail"],
    ["ending with a period", "trail."],
    ["with adjacent dashes", "my--trail"],
    ["with a dash next to an underscore", "my-_trail"],
    ["shaped like an IP address", "192.168.5.4"],
    ["with a space", "my trail"],
    ["longer than 128 characters", "t".repeat(129)],
  ])("refuses a trail name %s", async (_label, name) => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, REMEDIATION_ROLE);
    expect(
      await errorOf(ct.send(new CreateTrailCommand({ Name: name, S3BucketName: "logs-bucket" }))),
    ).toEqual({
      name: "InvalidTrailNameException",
      status: 400,
    });
  });

  it.each<[string, CreateTrailCommandInput, string, string?]>([
    [
      "a name taken in this region",
      { Name: "b-trail", S3BucketName: "logs-bucket" },
      "TrailAlreadyExistsException",
      MEMBER_B,
    ],
    [
      "the name of a multi-region trail shadowed here",
      { Name: "a-multi", S3BucketName: "logs-bucket" },
      "TrailAlreadyExistsException",
    ],
    [
      "a multi-region trail whose name is used in another region",
      { Name: "a-local", S3BucketName: "logs-bucket", IsMultiRegionTrail: true },
      "TrailAlreadyExistsException",
    ],
    [
      "a multi-region trail without global service events",
      {
        Name: "new-trail",
        S3BucketName: "logs-bucket",
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: false,
      },
      "InvalidParameterCombinationException",
    ],
    ["no bucket", { Name: "new-trail", S3BucketName: undefined }, "InvalidS3BucketNameException"],
    [
      "an invalid bucket name",
      { Name: "new-trail", S3BucketName: "Logs_Bucket" },
      "InvalidS3BucketNameException",
    ],
    [
      "a log group without a role",
      {
        Name: "new-trail",
        S3BucketName: "logs-bucket",
        CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${MEMBER_A}:log-group:a-new-logs:*`,
      },
      "InvalidCloudWatchLogsRoleArnException",
    ],
    [
      "a log group that does not exist",
      {
        Name: "new-trail",
        S3BucketName: "logs-bucket",
        CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${MEMBER_A}:log-group:missing:*`,
        CloudWatchLogsRoleArn: `arn:aws:iam::${MEMBER_A}:role/r`,
      },
      "InvalidCloudWatchLogsLogGroupArnException",
    ],
    [
      "another account's log group",
      {
        Name: "new-trail",
        S3BucketName: "logs-bucket",
        CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${MEMBER_B}:log-group:a-new-logs:*`,
        CloudWatchLogsRoleArn: `arn:aws:iam::${MEMBER_A}:role/r`,
      },
      "InvalidCloudWatchLogsLogGroupArnException",
    ],
    [
      "an invalid KMS key",
      { Name: "new-trail", S3BucketName: "logs-bucket", KmsKeyId: "not a key" },
      "InvalidKmsKeyIdException",
    ],
    [
      "an organization trail from a member",
      { Name: "new-trail", S3BucketName: "logs-bucket", IsOrganizationTrail: true },
      "NotOrganizationMasterAccountException",
    ],
  ])("CreateTrail refuses %s", async (_label, params, code, account = MEMBER_A) => {
    sim = await startTestSim(scenario());
    const ct = await client(account, REMEDIATION_ROLE);
    expect(await errorOf(ct.send(new CreateTrailCommand(params)))).toEqual({
      name: code,
      status: modelStatus("cloudtrail", code),
    });
  });

  it("creates an organization trail from the management account, seen by every member", async () => {
    sim = await startTestSim(scenario());
    const ct = await client(MGMT, REMEDIATION_ROLE, "eu-west-1");
    await ct.send(
      new CreateTrailCommand({
        Name: "org-two",
        S3BucketName: "org-logs",
        IsMultiRegionTrail: true,
        IsOrganizationTrail: true,
      }),
    );
    const member = await client(MEMBER_B, AUDIT_ROLE, "us-west-2");
    const listed = await member.send(new DescribeTrailsCommand({}));
    expect(listed.trailList?.find((t) => t.Name === "org-two")).toMatchObject({
      TrailARN: arn("eu-west-1", MGMT, "org-two"),
      HomeRegion: "eu-west-1",
      IsOrganizationTrail: true,
    });
  });

  it.each<[string, Partial<ScenarioInput>, string]>([
    ["outside an organization", { organization: undefined }, "OrganizationsNotInUseException"],
    [
      "in an organization without all features",
      { organization: { id: "o-exampleorg1", managementAccount: MGMT, featureSet: "CONSOLIDATED_BILLING" } },
      "OrganizationNotInAllFeaturesModeException",
    ],
  ])("refuses an organization trail %s", async (_label, extra, code) => {
    sim = await startTestSim(scenario(extra));
    const ct = await client(MGMT, REMEDIATION_ROLE);
    const create = ct.send(
      new CreateTrailCommand({ Name: "org-two", S3BucketName: "org-logs", IsOrganizationTrail: true }),
    );
    expect(await errorOf(create)).toEqual({ name: code, status: modelStatus("cloudtrail", code) });
  });

  type Write = [string, (ct: CloudTrailClient, name: string) => Promise<unknown>];
  const orgTrailWrites: Write[] = [
    ["StopLogging", (ct, Name) => ct.send(new StopLoggingCommand({ Name }))],
    ["StartLogging", (ct, Name) => ct.send(new StartLoggingCommand({ Name }))],
    ["DeleteTrail", (ct, Name) => ct.send(new DeleteTrailCommand({ Name }))],
    ["UpdateTrail", (ct, Name) => ct.send(new UpdateTrailCommand({ Name, S3BucketName: "elsewhere" }))],
    [
      "PutEventSelectors",
      (ct, Name) => ct.send(new PutEventSelectorsCommand({ TrailName: Name, EventSelectors: [{}] })),
    ],
  ];

  it.each(orgTrailWrites)("refuses %s on an organization trail to a member", async (_op, write) => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, REMEDIATION_ROLE);
    expect(await errorOf(write(ct, ORG_TRAIL))).toEqual({
      name: "NotOrganizationMasterAccountException",
      status: 400,
    });
    expect(await errorOf(write(ct, "org-trail"))).toEqual({ name: "TrailNotFoundException", status: 404 });
    const owner = await client(MGMT);
    expect((await owner.send(new GetTrailStatusCommand({ Name: ORG_TRAIL }))).IsLogging).toBe(true);
    const described = await owner.send(new DescribeTrailsCommand({ trailNameList: ["org-trail"] }));
    expect(described.trailList?.[0]?.S3BucketName).toBe("wirewatch-trail-logs");
  });

  it.each(orgTrailWrites)("refuses %s outside the trail's home region", async (_op, write) => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, REMEDIATION_ROLE, "eu-west-1");
    for (const name of ["a-multi", A_MULTI]) {
      expect(await errorOf(write(ct, name))).toEqual({ name: "InvalidHomeRegionException", status: 400 });
    }
    const home = await client(MEMBER_A, AUDIT_ROLE, "us-west-2");
    expect((await home.send(new GetTrailStatusCommand({ Name: "a-multi" }))).IsLogging).toBe(true);
  });

  it.each(orgTrailWrites)("refuses %s on another account's trail", async (_op, write) => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_B, REMEDIATION_ROLE, "us-west-2");
    expect(await errorOf(write(ct, A_MULTI))).toEqual({ name: "CloudTrailARNInvalidException", status: 400 });
    expect(await errorOf(write(ct, "a-multi"))).toEqual({ name: "TrailNotFoundException", status: 404 });
  });

  it.each<Write>([
    ...orgTrailWrites,
    [
      "CreateTrail",
      (ct, Name) => ct.send(new CreateTrailCommand({ Name: `${Name}-2`, S3BucketName: "logs-bucket" })),
    ],
  ])("refuses %s to the read-only audit role with AccessDeniedException", async (_op, write) => {
    sim = await startTestSim(scenario());
    const ct = await client(MEMBER_A, AUDIT_ROLE, "us-west-2");
    expect(await errorOf(write(ct, "a-multi"))).toEqual({ name: "AccessDeniedException", status: 403 });
    expect((await ct.send(new GetTrailStatusCommand({ Name: "a-multi" }))).IsLogging).toBe(true);
    expect(await trailNames(ct)).toEqual([A_MULTI, ORG_TRAIL].sort());
  });
});

describe("LookupEvents", () => {
  it("records every successful write in the caller's account and region only", async () => {
    sim = await startTestSim(scenario());
    const creds = await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE);
    const ct = await client(MEMBER_A, REMEDIATION_ROLE, "us-east-1", creds);
    const writes: Array<[string, () => Promise<unknown>]> = [
      [
        "CreateTrail",
        () => ct.send(new CreateTrailCommand({ Name: "recorded", S3BucketName: "logs-bucket" })),
      ],
      [
        "PutEventSelectors",
        () => ct.send(new PutEventSelectorsCommand({ TrailName: "recorded", EventSelectors: [{}] })),
      ],
      ["StartLogging", () => ct.send(new StartLoggingCommand({ Name: "recorded" }))],
      [
        "UpdateTrail",
        () => ct.send(new UpdateTrailCommand({ Name: "recorded", EnableLogFileValidation: true })),
      ],
      ["StopLogging", () => ct.send(new StopLoggingCommand({ Name: "recorded" }))],
      ["DeleteTrail", () => ct.send(new DeleteTrailCommand({ Name: "recorded" }))],
    ];
    for (const [, write] of writes) await write();

    const out = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "cloudtrail.amazonaws.com" }],
      }),
    );
    expect(out.Events?.map((e) => e.EventName)).toEqual(writes.map(([op]) => op).reverse());
    for (const e of out.Events ?? []) {
      expect(e).toMatchObject({
        ReadOnly: "false",
        AccessKeyId: creds.accessKeyId,
        Username: "wirewatch-test",
      });
      const record = JSON.parse(e.CloudTrailEvent!) as Record<string, unknown>;
      expect(record).toMatchObject({
        eventName: e.EventName,
        awsRegion: "us-east-1",
        recipientAccountId: MEMBER_A,
      });
      expect(record.errorCode).toBeUndefined();
    }
    for (const [account, region] of [
      [MEMBER_B, "us-east-1"],
      [MEMBER_A, "us-west-2"],
    ] as const) {
      const other = await client(account, AUDIT_ROLE, region);
      expect((await other.send(new LookupEventsCommand({}))).Events).toEqual([]);
    }
  });

  function seeded(count: number): ScenarioInput {
    const base = scenario();
    const events = Array.from({ length: count }, (_, i) => ({
      eventName: i % 3 === 0 ? "ConsoleLogin" : "DescribeTrails",
      eventSource: i % 3 === 0 ? "signin.amazonaws.com" : "cloudtrail.amazonaws.com",
      time: `-${i + 1}m`,
      readOnly: i % 3 !== 0,
      username: i % 2 === 0 ? "alice" : "bob",
    }));
    events.push({
      eventName: "Ancient",
      eventSource: "iam.amazonaws.com",
      time: "-100d",
      readOnly: false,
      username: "alice",
    });
    return {
      ...base,
      accounts: base.accounts.map((a) =>
        a.id === MEMBER_A ? { ...a, regionState: { "us-east-1": { events } } } : a,
      ),
    };
  }

  it("pages 50 events at a time, newest first, within the last 90 days", async () => {
    sim = await startTestSim(seeded(120));
    const ct = await client(MEMBER_A);
    const sizes: number[] = [];
    const times: number[] = [];
    const ids = new Set<string>();
    for await (const page of paginateLookupEvents({ client: ct }, {})) {
      sizes.push(page.Events!.length);
      for (const e of page.Events!) {
        times.push(e.EventTime!.getTime());
        ids.add(e.EventId!);
      }
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(ids.size).toBe(120);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("keeps its pages stable while new events arrive", async () => {
    sim = await startTestSim(seeded(30));
    const creds = await assumeRole(sim, MEMBER_A, REMEDIATION_ROLE);
    const ct = await client(MEMBER_A, REMEDIATION_ROLE, "us-east-1", creds);
    const first = await ct.send(new LookupEventsCommand({ MaxResults: 7 }));
    await ct.send(new CreateTrailCommand({ Name: "late-arrival", S3BucketName: "logs-bucket" }));
    const seen = [...first.Events!];
    let token = first.NextToken;
    while (token) {
      const page = await ct.send(new LookupEventsCommand({ MaxResults: 7, NextToken: token }));
      expect(page.Events!.length).toBeLessThanOrEqual(7);
      seen.push(...page.Events!);
      token = page.NextToken;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen.map((e) => e.EventId)).size).toBe(30);
    expect(seen.map((e) => e.EventName)).not.toContain("CreateTrail");
    const fresh = await ct.send(new LookupEventsCommand({ MaxResults: 1 }));
    expect(fresh.Events?.[0]?.EventName).toBe("CreateTrail");
  });

  it.each<[LookupAttributeKey, string, number]>([
    ["EventName", "ConsoleLogin", 10],
    ["EventSource", "cloudtrail.amazonaws.com", 20],
    ["ReadOnly", "true", 20],
    ["ReadOnly", "false", 11],
    ["Username", "alice", 15],
    ["Username", "carol", 0],
    ["AccessKeyId", "AKIAEXAMPLEKEY000001", 1],
    ["ResourceName", "wirewatch-trail", 1],
    ["ResourceType", "AWS::CloudTrail::Trail", 1],
    ["EventId", "seeded-event-id", 1],
  ])("filters by %s = %s", async (key, value, count) => {
    sim = await startTestSim(seeded(30));
    regionOf(sim.world.accounts.get(MEMBER_A)!, "us-east-1").events.push({
      EventId: "seeded-event-id",
      EventName: "StopLogging",
      ReadOnly: "false",
      AccessKeyId: "AKIAEXAMPLEKEY000001",
      EventTime: new Date(),
      EventSource: "iam.amazonaws.com",
      Username: "mallory",
      Resources: [{ ResourceType: "AWS::CloudTrail::Trail", ResourceName: "wirewatch-trail" }],
      CloudTrailEvent: "{}",
    });
    const ct = await client(MEMBER_A);
    const events = [];
    for await (const page of paginateLookupEvents(
      { client: ct },
      { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] },
    )) {
      events.push(...page.Events!);
    }
    expect(events).toHaveLength(count);
  });

  it("limits events to StartTime..EndTime, both inclusive", async () => {
    sim = await startTestSim(seeded(30));
    const events = sim.world.accounts.get(MEMBER_A)!.regionState.get("us-east-1")!.events;
    const byAge = [...events].sort((a, b) => b.EventTime.getTime() - a.EventTime.getTime());
    const ct = await client(MEMBER_A);
    const out = await ct.send(
      new LookupEventsCommand({ StartTime: byAge[9]!.EventTime, EndTime: byAge[5]!.EventTime }),
    );
    expect(out.Events?.map((e) => e.EventId)).toEqual(byAge.slice(5, 10).map((e) => e.EventId));
  });

  it.each<[string, LookupEventsCommandInput, string]>([
    [
      "two lookup attributes",
      {
        LookupAttributes: [
          { AttributeKey: "EventName", AttributeValue: "a" },
          { AttributeKey: "Username", AttributeValue: "b" },
        ],
      },
      "InvalidLookupAttributesException",
    ],
    [
      "an unknown attribute key",
      { LookupAttributes: [{ AttributeKey: "Region" as LookupAttributeKey, AttributeValue: "x" }] },
      "InvalidLookupAttributesException",
    ],
    [
      "an empty attribute value",
      { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "" }] },
      "InvalidLookupAttributesException",
    ],
    [
      "a start time after the end time",
      { StartTime: new Date(Date.now() - 60e3), EndTime: new Date(Date.now() - 120e3) },
      "InvalidTimeRangeException",
    ],
    ["MaxResults 0", { MaxResults: 0 }, "InvalidMaxResultsException"],
    ["MaxResults 51", { MaxResults: 51 }, "InvalidMaxResultsException"],
    ["a made-up NextToken", { NextToken: "garbage" }, "InvalidNextTokenException"],
    [
      "an unknown event category",
      { EventCategory: "data" as EventCategory },
      "InvalidEventCategoryException",
    ],
  ])("refuses %s", async (_label, params, code) => {
    sim = await startTestSim(seeded(5));
    const ct = await client(MEMBER_A);
    expect(await errorOf(ct.send(new LookupEventsCommand(params)))).toEqual({
      name: code,
      status: modelStatus("cloudtrail", code),
    });
  });

  it("refuses a NextToken from a lookup with other parameters", async () => {
    sim = await startTestSim(seeded(10));
    const ct = await client(MEMBER_A);
    const first = await ct.send(new LookupEventsCommand({ MaxResults: 2 }));
    expect(first.NextToken).toBeTruthy();
    const other = ct.send(
      new LookupEventsCommand({
        MaxResults: 2,
        NextToken: first.NextToken,
        LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "alice" }],
      }),
    );
    expect(await errorOf(other)).toEqual({ name: "InvalidNextTokenException", status: 400 });
  });
});

describe("rate limits", () => {
  it("throttles a burst of reads past the bucket with ThrottlingException, per account and per bucket", async () => {
    sim = await startTestSim(scenario(), { rateLimits: true, tps: { "cloudtrail:read": 2 } });
    const a = await client(MEMBER_A);
    const b = await client(MEMBER_B);
    const burst = await Promise.allSettled(
      Array.from({ length: 12 }, () => a.send(new DescribeTrailsCommand({}))),
    );
    const fulfilled = burst.filter((r) => r.status === "fulfilled");
    const rejected = burst.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    expect(rejected.length).toBeGreaterThanOrEqual(6);
    for (const r of rejected) {
      const err = r.reason as { name: string; $metadata?: { httpStatusCode?: number } };
      expect(err.name).toBe("ThrottlingException");
      expect(err.$metadata?.httpStatusCode).toBe(429);
    }
    // LookupEvents has its own bucket, and every account its own buckets.
    await expect(a.send(new LookupEventsCommand({}))).resolves.toBeDefined();
    await expect(b.send(new DescribeTrailsCommand({}))).resolves.toBeDefined();
  });
});
