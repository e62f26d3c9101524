import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { inv, minutesAgo } from "../../test/support/inventory-builder.ts";
import check from "./cloudwatch-logs-delivery.ts";

const MGMT = "111111111111";
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const orgArn = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;
const logGroup = "arn:aws:logs:us-east-1:222222222222:log-group:aws-cloudtrail-logs:*";
const window = (minutes: number) =>
  configSchema.parse({ baseline: { cloudtrail: { cloudWatchLogsDeliveryMaxAgeMinutes: minutes } } }).baseline;

checkTester(check, {
  valid: [
    {
      name: "own multi-region trail delivered two minutes ago",
      input: inv().regions("us-east-1", "eu-west-1").trail({ name: "main" }).build(),
    },
    {
      name: "delivered exactly at the edge of the default 60-minute window",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestCloudWatchLogsDeliveryTime: minutesAgo(60) } })
        .build(),
    },
    {
      name: "a wider configured window accepts an older delivery",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestCloudWatchLogsDeliveryTime: minutesAgo(200) } })
        .baseline(window(240))
        .build(),
    },
    {
      name: "organization trail delivering (read in the management account) credits the member",
      input: inv().regions("us-east-1", "eu-west-1").trail(orgTrail).build(),
    },
    {
      name: "own trail without a log group, organization trail delivering",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "own", cloudWatchLogsLogGroupArn: undefined })
        .trail(orgTrail)
        .build(),
    },
  ],
  invalid: [
    {
      name: "no log group on the only logging trail",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main", cloudWatchLogsLogGroupArn: undefined })
        .build(),
      findings: [
        {
          messageId: "noLogGroup",
          region: "global",
          data: { trail: "main", regions: "eu-west-1, us-east-1" },
        },
      ],
    },
    {
      name: "delivery error (the role cannot write to the log group)",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestCloudWatchLogsDeliveryError: "AccessDeniedException" } })
        .build(),
      findings: [{ messageId: "deliveryError", data: { error: "AccessDeniedException", logGroup } }],
    },
    {
      name: "one minute past the default window",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestCloudWatchLogsDeliveryTime: minutesAgo(61) } })
        .build(),
      findings: [{ messageId: "stale", data: { ageMinutes: 61, maxAgeMinutes: 60 } }],
    },
    {
      name: "a narrower configured window rejects a 31-minute-old delivery",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestCloudWatchLogsDeliveryTime: minutesAgo(31) } })
        .baseline(window(30))
        .build(),
      findings: [{ messageId: "stale", data: { ageMinutes: 31, maxAgeMinutes: 30 } }],
    },
    {
      name: "log group configured but never delivered to",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestCloudWatchLogsDeliveryTime: undefined } })
        .build(),
      findings: [{ messageId: "neverDelivered", data: { trail: "main", logGroup } }],
    },
    {
      name: "a delivery error wins over an old delivery time",
      input: inv()
        .regions("us-east-1")
        .trail(
          { name: "main" },
          {
            status: {
              latestCloudWatchLogsDeliveryTime: minutesAgo(600),
              latestCloudWatchLogsDeliveryError: "ResourceNotFoundException",
            },
          },
        )
        .build(),
      findings: [{ messageId: "deliveryError", data: { error: "ResourceNotFoundException" } }],
    },
    {
      name: "stale organization trail debits the member",
      input: inv()
        .regions("us-east-1")
        .trail(orgTrail, { status: { latestCloudWatchLogsDeliveryTime: minutesAgo(180) } })
        .build(),
      findings: [{ messageId: "stale", resource: orgArn, data: { kind: "organization", ageMinutes: 180 } }],
    },
    {
      name: "one region delivered by its own trail, the other only by a single-region trail without a log group",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .trail({
          name: "euw1",
          isMultiRegion: false,
          homeRegion: "eu-west-1",
          cloudWatchLogsLogGroupArn: undefined,
        })
        .build(),
      findings: [{ messageId: "noLogGroup", region: "eu-west-1", data: { trail: "euw1" } }],
    },
    {
      name: "the delivering trail is stopped; the logging one has no log group",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "delivering" }, { status: { isLogging: false } })
        .trail({ name: "plain", cloudWatchLogsLogGroupArn: undefined })
        .build(),
      findings: [{ messageId: "noLogGroup", data: { trail: "plain" } }],
    },
  ],
  error: [
    {
      name: "status of the trail unreadable",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { statusError: "AccessDeniedException" })
        .build(),
      findings: [
        {
          messageId: "trailUnreadable",
          data: { operation: "cloudtrail:GetTrailStatus", code: "AccessDeniedException" },
        },
      ],
    },
    {
      name: "organization trail not read",
      input: inv().regions("us-east-1").trail(orgTrail, { noDetail: true }).build(),
      findings: [{ messageId: "trailUnreadable", resource: orgArn, data: { code: "NotCollected" } }],
    },
  ],
  notApplicable: [{ name: "no trail", input: inv().regions("us-east-1", "eu-west-1").build() }],
});

describe("cloudtrail.cloudwatch-logs-delivery details", () => {
  it("reports the delivering log group and age when it passes", () => {
    const [f] = evaluateAccount([check], inv().regions("us-east-1").trail({ name: "main" }).build());
    expect(f).toMatchObject({ status: "pass", messageId: "covered", data: { logGroup, ageMinutes: 2 } });
  });

  it("update-trail for an own trail, nothing for an organization trail", () => {
    const rem = (input: ReturnType<ReturnType<typeof inv>["build"]>) =>
      evaluateAccount([check], input).find((f) => f.status === "fail")?.remediationId;
    expect(
      rem(inv().regions("us-east-1").trail({ name: "m", cloudWatchLogsLogGroupArn: undefined }).build()),
    ).toBe("cloudtrail.update-trail");
    expect(
      rem(
        inv()
          .regions("us-east-1")
          .trail({ ...orgTrail, cloudWatchLogsLogGroupArn: undefined })
          .build(),
      ),
    ).toBeNull();
  });
});
