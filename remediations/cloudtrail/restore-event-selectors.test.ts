import { describe, expect, it } from "vitest";
import managementEvents from "../../checks/cloudtrail/management-events.ts";
import type { Finding } from "../../src/engine/check.ts";
import { inv } from "../../test/support/inventory-builder.ts";
import { planWith, shape } from "../../test/support/remediation-tester.ts";
import remediation from "./restore-event-selectors.ts";

const ACCOUNT = "222222222222";
const MGMT = "111111111111";
const ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const CHECKS = [managementEvents];
const withSelectors = (selectors: Parameters<ReturnType<typeof inv>["trail"]>[1]) =>
  inv(ACCOUNT).regions("us-east-1").trail({ name: "main" }, selectors).build();
const put = (input: Record<string, unknown>) => ({
  action: "update",
  region: "us-east-1",
  resource: ARN,
  calls: [{ op: "cloudtrail:PutEventSelectors", region: "us-east-1", input: { TrailName: ARN, ...input } }],
});

describe("cloudtrail.restore-event-selectors plans", () => {
  it("write-only basic selectors: one selector for every management event, data selectors kept", () => {
    const planned = planWith(
      CHECKS,
      remediation,
      withSelectors({
        selectors: {
          basic: [
            { readWriteType: "WriteOnly", includeManagementEvents: true, excludeManagementEventSources: [] },
            {
              readWriteType: "All",
              includeManagementEvents: false,
              excludeManagementEventSources: [],
              dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::secrets/"] }],
            },
          ],
        },
      }),
    );
    expect(planned.changes.map(shape)).toEqual([
      put({
        EventSelectors: [
          {
            ReadWriteType: "All",
            IncludeManagementEvents: true,
            ExcludeManagementEventSources: [],
            DataResources: [],
          },
          {
            ReadWriteType: "All",
            IncludeManagementEvents: false,
            DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::secrets/"] }],
          },
        ],
      }),
    ]);
  });

  it("advanced selectors excluding KMS: a plain management selector replaces the management ones", () => {
    const data = { name: "S3 data", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }] };
    const planned = planWith(
      CHECKS,
      remediation,
      withSelectors({
        selectors: {
          advanced: [
            {
              name: "Management except KMS",
              fieldSelectors: [
                { field: "eventCategory", equals: ["Management"] },
                { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
              ],
            },
            data,
          ],
        },
      }),
    );
    expect(planned.changes.map(shape)).toEqual([
      put({
        AdvancedEventSelectors: [
          { Name: "Management events", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
          { Name: "S3 data", FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }] },
        ],
      }),
    ]);
  });
});

describe("cloudtrail.restore-event-selectors refuses", () => {
  it("an organization trail seen from a member, even when a finding is routed to it", () => {
    const input = inv(ACCOUNT)
      .regions("us-east-1")
      .trail(
        { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true },
        {
          selectors: {
            basic: [
              {
                readWriteType: "WriteOnly",
                includeManagementEvents: true,
                excludeManagementEventSources: [],
              },
            ],
          },
        },
      )
      .build();
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.changes).toEqual([]);
    const toUs = (f: Finding): Finding =>
      f.status === "fail" ? { ...f, remediationId: remediation.meta.id } : f;
    const forced = planWith(CHECKS, remediation, input, toUs);
    expect(forced.changes).toEqual([]);
    expect(forced.refused[0]!.reason).toContain(MGMT);
  });
});
