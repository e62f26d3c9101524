import { describe, expect, it } from "vitest";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import check from "./global-service-events.ts";

const MGMT = "111111111111";
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const orgArn = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;

checkTester(check, {
  valid: [
    {
      name: "own multi-region trail includes global service events",
      input: inv().regions("us-east-1", "eu-west-1").trail({ name: "main" }).build(),
    },
    {
      name: "single-region trail homed in us-east-1 includes them",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .build(),
    },
    {
      name: "organization trail homed elsewhere credits the member",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ ...orgTrail, homeRegion: "eu-west-1" })
        .build(),
    },
    {
      name: "multi-region trail excludes them but a us-east-1 trail includes them",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main", includeGlobalServiceEvents: false })
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .build(),
    },
    {
      name: "GovCloud: a single-region trail homed in us-gov-west-1 includes them",
      input: inv()
        .regions("us-gov-west-1", "us-gov-east-1")
        .trail({ name: "gov", isMultiRegion: false, homeRegion: "us-gov-west-1" })
        .build(),
    },
    {
      name: "China: a single-region trail homed in cn-north-1 includes them",
      input: inv()
        .regions("cn-north-1", "cn-northwest-1")
        .trail({ name: "cn", isMultiRegion: false, homeRegion: "cn-north-1" })
        .build(),
    },
  ],
  invalid: [
    {
      name: "GovCloud: a trail homed in us-gov-east-1 does not record them in us-gov-west-1",
      input: inv()
        .regions("us-gov-west-1", "us-gov-east-1")
        .trail({ name: "east", isMultiRegion: false, homeRegion: "us-gov-east-1" })
        .trail({
          name: "west",
          isMultiRegion: false,
          homeRegion: "us-gov-west-1",
          includeGlobalServiceEvents: false,
        })
        .build(),
      findings: [
        {
          messageId: "globalEventsExcluded",
          resource: "arn:aws-us-gov:cloudtrail:us-gov-west-1:222222222222:trail/west",
          data: { trail: "west", kind: "single-region", regions: "us-gov-west-1" },
        },
      ],
    },
    {
      name: "the multi-region trail excludes global service events",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main", includeGlobalServiceEvents: false })
        .build(),
      findings: [
        {
          messageId: "globalEventsExcluded",
          region: "global",
          data: { trail: "main", kind: "multi-region", regions: "us-east-1" },
        },
      ],
    },
    {
      name: "organization trail excluding global service events debits the member",
      input: inv()
        .regions("us-east-1")
        .trail({ ...orgTrail, includeGlobalServiceEvents: false })
        .build(),
      findings: [
        {
          messageId: "globalEventsExcluded",
          resource: orgArn,
          data: { trail: "org-trail", kind: "organization" },
        },
      ],
    },
    {
      name: "a trail homed outside us-east-1 including global events does not help",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "euw1", isMultiRegion: false, homeRegion: "eu-west-1" })
        .trail({
          name: "use1",
          isMultiRegion: false,
          homeRegion: "us-east-1",
          includeGlobalServiceEvents: false,
        })
        .build(),
      findings: [{ messageId: "globalEventsExcluded", data: { trail: "use1", kind: "single-region" } }],
    },
    {
      name: "the trail including global events is stopped; the logging one excludes them",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "complete" }, { status: { isLogging: false } })
        .trail({ name: "weak", includeGlobalServiceEvents: false })
        .build(),
      findings: [{ messageId: "globalEventsExcluded", data: { trail: "weak" } }],
    },
  ],
  error: [
    {
      name: "trails of us-east-1 could not be listed",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main" })
        .regionError("us-east-1", "AccessDeniedException")
        .build(),
      findings: [
        { messageId: "trailsUnreadable", region: "us-east-1", data: { code: "AccessDeniedException" } },
      ],
    },
    {
      name: "organization trail status could not be read",
      input: inv().regions("us-east-1").trail(orgTrail, { statusError: "TrailNotFoundException" }).build(),
      findings: [
        {
          messageId: "trailUnreadable",
          resource: orgArn,
          data: { operation: "cloudtrail:GetTrailStatus", code: "TrailNotFoundException" },
        },
      ],
    },
  ],
  notApplicable: [
    {
      name: "us-east-1 is not scanned",
      input: inv().regions("eu-west-1").trail({ name: "main" }).build(),
    },
    {
      name: "no logging trail applies in us-east-1",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "euw1", isMultiRegion: false, homeRegion: "eu-west-1" })
        .build(),
    },
  ],
});

describe("cloudtrail.global-service-events details", () => {
  it("says which of the two not-applicable cases it is", () => {
    const ids = (regions: string[]) =>
      evaluateAccount(
        [check],
        inv()
          .regions(...regions)
          .build(),
      ).map((f) => f.messageId);
    expect(ids(["eu-west-1"])).toEqual(["globalRegionNotScanned"]);
    expect(ids(["us-east-1"])).toEqual(["noLoggingTrail"]);
  });

  it.each([
    ["us-west-2", "us-east-1"],
    ["us-gov-east-1", "us-gov-west-1"],
    ["cn-northwest-1", "cn-north-1"],
  ])("names the partition's global-events region when only %s is scanned", (scanned, region) => {
    const [f] = evaluateAccount([check], inv().regions(scanned).build());
    expect([f?.messageId, f?.data]).toEqual(["globalRegionNotScanned", { region }]);
  });

  it("offers update-trail for an own trail, nothing for an organization trail", () => {
    const fail = (input: ReturnType<ReturnType<typeof inv>["build"]>) =>
      evaluateAccount([check], input).find((f) => f.status === "fail");
    expect(
      fail(inv().regions("us-east-1").trail({ name: "main", includeGlobalServiceEvents: false }).build())
        ?.remediationId,
    ).toBe("cloudtrail.update-trail");
    expect(
      fail(
        inv()
          .regions("us-east-1")
          .trail({ ...orgTrail, includeGlobalServiceEvents: false })
          .build(),
      )?.remediationId,
    ).toBeNull();
  });
});
