import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { inv, minutesAgo } from "../../test/support/inventory-builder.ts";
import check from "./s3-delivery.ts";

const MGMT = "111111111111";
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const orgArn = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;
const window = (minutes: number) =>
  configSchema.parse({ baseline: { cloudtrail: { s3DeliveryMaxAgeMinutes: minutes } } }).baseline;

checkTester(check, {
  valid: [
    {
      name: "own multi-region trail delivered five minutes ago",
      input: inv().regions("us-east-1", "eu-west-1").trail({ name: "main" }).build(),
    },
    {
      name: "delivered exactly at the edge of the default 120-minute window",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestDeliveryTime: minutesAgo(120) } })
        .build(),
    },
    {
      name: "a wider configured window accepts an older delivery",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestDeliveryTime: minutesAgo(300) } })
        .baseline(window(360))
        .build(),
    },
    {
      name: "organization trail delivering credits the member",
      input: inv().regions("us-east-1", "eu-west-1").trail(orgTrail).build(),
    },
    {
      name: "own trail failing to deliver, organization trail delivering",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "own" }, { status: { latestDeliveryError: "NoSuchBucket" } })
        .trail(orgTrail)
        .build(),
    },
  ],
  invalid: [
    {
      name: "S3 delivery error",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main" }, { status: { latestDeliveryError: "AccessDenied" } })
        .build(),
      findings: [
        {
          messageId: "deliveryError",
          region: "global",
          data: {
            trail: "main",
            bucket: "trail-bucket",
            error: "AccessDenied",
            regions: "eu-west-1, us-east-1",
          },
        },
      ],
    },
    {
      name: "one minute past the default window",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestDeliveryTime: minutesAgo(121) } })
        .build(),
      findings: [{ messageId: "stale", data: { ageMinutes: 121, maxAgeMinutes: 120 } }],
    },
    {
      name: "a narrower configured window rejects a 16-minute-old delivery",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestDeliveryTime: minutesAgo(16) } })
        .baseline(window(15))
        .build(),
      findings: [{ messageId: "stale", data: { ageMinutes: 16, maxAgeMinutes: 15 } }],
    },
    {
      name: "never delivered",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestDeliveryTime: undefined } })
        .build(),
      findings: [{ messageId: "neverDelivered", data: { trail: "main", bucket: "trail-bucket" } }],
    },
    {
      name: "a delivery error wins over a fresh delivery time",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { latestDeliveryError: "KmsKeyNotFound" } })
        .build(),
      findings: [{ messageId: "deliveryError", data: { error: "KmsKeyNotFound" } }],
    },
    {
      name: "organization trail with a delivery error debits the member",
      input: inv()
        .regions("us-east-1")
        .trail(orgTrail, { status: { latestDeliveryError: "NoSuchBucket" } })
        .build(),
      findings: [{ messageId: "deliveryError", resource: orgArn, data: { kind: "organization" } }],
    },
    {
      name: "one region delivered by its own trail, the other only by a stale single-region trail",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .trail(
          { name: "euw1", isMultiRegion: false, homeRegion: "eu-west-1" },
          { status: { latestDeliveryTime: minutesAgo(1000) } },
        )
        .build(),
      findings: [{ messageId: "stale", region: "eu-west-1", data: { trail: "euw1", ageMinutes: 1000 } }],
    },
  ],
  error: [
    {
      name: "status of the trail unreadable",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { statusError: "ThrottlingException" })
        .build(),
      findings: [{ messageId: "trailUnreadable", data: { operation: "cloudtrail:GetTrailStatus" } }],
    },
    {
      name: "trails of a region could not be listed",
      input: inv().regions("us-east-1").regionError("us-east-1", "AccessDeniedException").build(),
      findings: [{ messageId: "trailsUnreadable", region: "us-east-1" }],
    },
  ],
  notApplicable: [{ name: "no trail", input: inv().regions("us-east-1").build() }],
});

describe("cloudtrail.s3-delivery remediation", () => {
  it("update-trail for an own trail, nothing for an organization trail", () => {
    const rem = (input: ReturnType<ReturnType<typeof inv>["build"]>) =>
      evaluateAccount([check], input).find((f) => f.status === "fail")?.remediationId;
    expect(
      rem(
        inv()
          .regions("us-east-1")
          .trail({ name: "m" }, { status: { latestDeliveryError: "x" } })
          .build(),
      ),
    ).toBe("cloudtrail.update-trail");
    expect(
      rem(
        inv()
          .regions("us-east-1")
          .trail(orgTrail, { status: { latestDeliveryError: "x" } })
          .build(),
      ),
    ).toBeNull();
  });
});
