import { describe, expect, it } from "vitest";
import type { EventSelectors } from "../../src/inventory/model.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import check from "./management-events.ts";

const MGMT = "111111111111";
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const orgArn = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;

const basic = (
  readWriteType: "All" | "ReadOnly" | "WriteOnly",
  excludeManagementEventSources: string[] = [],
  includeManagementEvents = true,
): EventSelectors => ({
  basic: [{ readWriteType, includeManagementEvents, excludeManagementEventSources }],
});
const WRITE_ONLY = basic("WriteOnly");
const READ_ONLY = basic("ReadOnly");
const advancedManagement = (...extra: Array<{ field: string; equals?: string[]; notEquals?: string[] }>) => ({
  advanced: [
    { name: "management", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, ...extra] },
  ],
});

checkTester(check, {
  valid: [
    {
      name: "own multi-region trail with the default selector (All, management events)",
      input: inv().regions("us-east-1", "eu-west-1").trail({ name: "main" }).build(),
    },
    {
      name: "no custom selectors at all: every management event",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main", hasCustomEventSelectors: false }, { selectors: {} })
        .build(),
    },
    {
      name: "separate ReadOnly and WriteOnly basic selectors together cover both",
      input: inv()
        .regions("us-east-1")
        .trail(
          { name: "main" },
          {
            selectors: {
              basic: [
                {
                  readWriteType: "ReadOnly",
                  includeManagementEvents: true,
                  excludeManagementEventSources: [],
                },
                {
                  readWriteType: "WriteOnly",
                  includeManagementEvents: true,
                  excludeManagementEventSources: [],
                },
              ],
            },
          },
        )
        .build(),
    },
    {
      name: "advanced selector: eventCategory Management without readOnly",
      input: inv().regions("us-east-1").trail({ name: "main" }, { selectors: advancedManagement() }).build(),
    },
    {
      name: "advanced selectors readOnly=true and readOnly=false together",
      input: inv()
        .regions("us-east-1")
        .trail(
          { name: "main" },
          {
            selectors: {
              advanced: [
                {
                  fieldSelectors: [
                    { field: "eventCategory", equals: ["Management"] },
                    { field: "readOnly", equals: ["true"] },
                  ],
                },
                {
                  fieldSelectors: [
                    { field: "eventCategory", equals: ["Management"] },
                    { field: "readOnly", equals: ["false"] },
                  ],
                },
              ],
            },
          },
        )
        .build(),
    },
    {
      name: "organization trail read in the management account credits the member",
      input: inv().regions("us-east-1", "eu-west-1").trail(orgTrail).build(),
    },
    {
      name: "write-only organization trail, but the member's own multi-region trail is complete",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail(orgTrail, { selectors: WRITE_ONLY })
        .trail({ name: "own" })
        .build(),
    },
    {
      name: "complete trail stopped, another complete trail logging",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "old" }, { status: { isLogging: false } })
        .trail({ name: "main" })
        .build(),
    },
    {
      name: "organization trail selectors unreadable but the member's own trail is complete",
      input: inv()
        .regions("us-east-1")
        .trail(orgTrail, { selectorsError: "TrailNotFoundException" })
        .trail({ name: "own" })
        .build(),
    },
  ],
  invalid: [
    {
      name: "write-only basic selector",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main" }, { selectors: WRITE_ONLY })
        .build(),
      findings: [
        {
          messageId: "writeOnly",
          region: "global",
          data: {
            trail: "main",
            kind: "multi-region",
            read: "none",
            write: "full",
            excluded: "none",
            regions: "eu-west-1, us-east-1",
            regionCount: 2,
          },
        },
      ],
    },
    {
      name: "read-only basic selector",
      input: inv().regions("us-east-1").trail({ name: "main" }, { selectors: READ_ONLY }).build(),
      findings: [{ messageId: "readOnly", data: { trail: "main", read: "full", write: "none" } }],
    },
    {
      name: "basic selector excluding kms.amazonaws.com",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { selectors: basic("All", ["kms.amazonaws.com"]) })
        .build(),
      findings: [
        {
          messageId: "excludedSources",
          data: { excluded: "kms.amazonaws.com", read: "partial", write: "partial" },
        },
      ],
    },
    {
      name: "basic selector excluding kms and rdsdata",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { selectors: basic("All", ["rdsdata.amazonaws.com", "kms.amazonaws.com"]) })
        .build(),
      findings: [
        { messageId: "excludedSources", data: { excluded: "kms.amazonaws.com, rdsdata.amazonaws.com" } },
      ],
    },
    {
      name: "write-only selector that also excludes kms",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { selectors: basic("WriteOnly", ["kms.amazonaws.com"]) })
        .build(),
      findings: [
        { messageId: "writeOnly", data: { read: "none", write: "partial", excluded: "kms.amazonaws.com" } },
      ],
    },
    {
      name: "advanced selector: Management with eventSource NotEquals kms.amazonaws.com",
      input: inv()
        .regions("us-east-1")
        .trail(
          { name: "main" },
          { selectors: advancedManagement({ field: "eventSource", notEquals: ["kms.amazonaws.com"] }) },
        )
        .build(),
      findings: [{ messageId: "excludedSources", data: { excluded: "kms.amazonaws.com" } }],
    },
    {
      name: "advanced selector: Management with readOnly=true only",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { selectors: advancedManagement({ field: "readOnly", equals: ["true"] }) })
        .build(),
      findings: [{ messageId: "readOnly", data: { read: "full", write: "none" } }],
    },
    {
      name: "advanced selector: Management with readOnly=false only",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { selectors: advancedManagement({ field: "readOnly", equals: ["false"] }) })
        .build(),
      findings: [{ messageId: "writeOnly", data: { read: "none", write: "full" } }],
    },
    {
      name: "basic selector with management events off (data events only)",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { selectors: basic("All", [], false) })
        .build(),
      findings: [{ messageId: "managementEventsOff", data: { read: "none", write: "none" } }],
    },
    {
      name: "advanced selectors for data events only",
      input: inv()
        .regions("us-east-1")
        .trail(
          { name: "main" },
          {
            selectors: {
              advanced: [
                {
                  fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                  ],
                },
              ],
            },
          },
        )
        .build(),
      findings: [{ messageId: "managementEventsOff" }],
    },
    {
      name: "write-only organization trail debits the member",
      input: inv().regions("us-east-1", "eu-west-1").trail(orgTrail, { selectors: WRITE_ONLY }).build(),
      findings: [
        {
          messageId: "writeOnly",
          region: "global",
          resource: orgArn,
          data: { trail: "org-trail", kind: "organization", regions: "eu-west-1, us-east-1" },
        },
      ],
    },
    {
      name: "one region covered by a complete trail, the other only by a weak single-region trail",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .trail({ name: "euw1", isMultiRegion: false, homeRegion: "eu-west-1" }, { selectors: READ_ONLY })
        .build(),
      findings: [
        {
          messageId: "readOnly",
          region: "eu-west-1",
          resource: "arn:aws:cloudtrail:eu-west-1:222222222222:trail/euw1",
          data: { trail: "euw1", kind: "single-region", regions: "eu-west-1", regionCount: 1 },
        },
      ],
    },
    {
      name: "weak multi-region trail fails only where no complete single-region trail helps",
      input: inv()
        .regions("us-east-1", "eu-west-1", "ap-southeast-2")
        .trail({ name: "main" }, { selectors: WRITE_ONLY })
        .trail({ name: "use1", isMultiRegion: false, homeRegion: "us-east-1" })
        .build(),
      findings: [
        { messageId: "writeOnly", region: "ap-southeast-2", data: { regions: "ap-southeast-2, eu-west-1" } },
        { messageId: "writeOnly", region: "eu-west-1", data: { regions: "ap-southeast-2, eu-west-1" } },
      ],
    },
    {
      name: "the complete trail is stopped: the logging write-only trail is relied on",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "complete" }, { status: { isLogging: false } })
        .trail({ name: "weak" }, { selectors: WRITE_ONLY })
        .build(),
      findings: [{ messageId: "writeOnly", data: { trail: "weak" } }],
    },
    {
      name: "two weak logging trails: the organization trail is named",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "own" }, { selectors: READ_ONLY })
        .trail(orgTrail, { selectors: WRITE_ONLY })
        .build(),
      findings: [{ messageId: "writeOnly", resource: orgArn, data: { trail: "org-trail" } }],
    },
  ],
  error: [
    {
      name: "selectors of the relied trail unreadable",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { selectorsError: "AccessDeniedException" })
        .build(),
      findings: [
        {
          messageId: "trailUnreadable",
          data: { trail: "main", operation: "cloudtrail:GetEventSelectors", code: "AccessDeniedException" },
        },
      ],
    },
    {
      name: "organization trail selectors unreadable from its owner",
      input: inv().regions("us-east-1").trail(orgTrail, { selectorsError: "TrailNotFoundException" }).build(),
      findings: [
        {
          messageId: "trailUnreadable",
          resource: orgArn,
          data: { operation: "cloudtrail:GetEventSelectors", code: "TrailNotFoundException" },
        },
      ],
    },
    {
      name: "organization trail whose owner was not read at all",
      input: inv().regions("us-east-1").trail(orgTrail, { noDetail: true }).build(),
      findings: [
        {
          messageId: "trailUnreadable",
          data: { operation: "cloudtrail:GetTrailStatus", code: "NotCollected" },
        },
      ],
    },
    {
      name: "a weak logging trail and a trail whose status is unreadable (it may be logging and complete)",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "weak" }, { selectors: WRITE_ONLY })
        .trail(orgTrail, { statusError: "AccessDeniedException" })
        .build(),
      findings: [
        {
          messageId: "trailUnreadable",
          data: { trail: "org-trail", operation: "cloudtrail:GetTrailStatus" },
        },
      ],
    },
    {
      name: "trails of one region could not be listed",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main" })
        .regionError("eu-west-1", "AccessDeniedException")
        .build(),
      findings: [
        { messageId: "trailsUnreadable", region: "eu-west-1", data: { code: "AccessDeniedException" } },
      ],
    },
  ],
  notApplicable: [
    { name: "no trail at all", input: inv().regions("us-east-1", "eu-west-1").build() },
    {
      name: "only a stopped trail",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { status: { isLogging: false }, selectors: WRITE_ONLY })
        .build(),
    },
  ],
});

describe("cloudtrail.management-events remediation", () => {
  const failures = (input: ReturnType<ReturnType<typeof inv>["build"]>) =>
    evaluateAccount([check], input).filter((f) => f.status === "fail");

  it("offers restore-event-selectors for the account's own trail", () => {
    const [f] = failures(
      inv().regions("us-east-1").trail({ name: "main" }, { selectors: WRITE_ONLY }).build(),
    );
    expect(f?.remediationId).toBe("cloudtrail.restore-event-selectors");
  });

  it("offers nothing for an organization trail the member cannot change", () => {
    const [f] = failures(inv().regions("us-east-1").trail(orgTrail, { selectors: WRITE_ONLY }).build());
    expect(f?.remediationId).toBeNull();
  });

  it("offers restore-event-selectors to the management account for its own organization trail", () => {
    const [f] = failures(inv(MGMT).regions("us-east-1").trail(orgTrail, { selectors: WRITE_ONLY }).build());
    expect(f?.remediationId).toBe("cloudtrail.restore-event-selectors");
  });

  it("keeps the affected regions and the other logging trails in evidence", () => {
    const [f] = failures(
      inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "own" }, { selectors: READ_ONLY })
        .trail(orgTrail, { selectors: WRITE_ONLY })
        .build(),
    );
    expect(f?.evidence).toMatchObject({
      regions: ["eu-west-1", "us-east-1"],
      trail: { arn: orgArn, owner: MGMT, kind: "organization" },
      otherLoggingTrails: { "arn:aws:cloudtrail:us-east-1:222222222222:trail/own": "readOnly" },
    });
  });
});
