import { describe, expect, it } from "vitest";
import type { EventSelectors } from "../inventory/model.ts";
import { cloudTrailRecord } from "../samples/api-calls.ts";
import { droppedEvents, recordsEvent } from "./trail-records.ts";

const custom = { hasCustomEventSelectors: true };
const disableKey = cloudTrailRecord({ eventSource: "kms.amazonaws.com", eventName: "DisableKey" });
const describeKey = cloudTrailRecord({
  eventSource: "kms.amazonaws.com",
  eventName: "DescribeKey",
  readOnly: true,
});
const createVpc = cloudTrailRecord({ eventSource: "ec2.amazonaws.com", eventName: "CreateVpc" });
const samples = [
  { name: "DisableKey", record: disableKey },
  { name: "DescribeKey", record: describeKey },
  { name: "CreateVpc", record: createVpc },
];
const management = { field: "eventCategory", equals: ["Management"] };

describe("which management events a trail's selectors record", () => {
  it("records everything without custom selectors", () => {
    expect(recordsEvent({ hasCustomEventSelectors: false }, {}, disableKey)).toBe(true);
    expect(recordsEvent(custom, {}, disableKey)).toBe(false);
  });

  it.each<[string, EventSelectors, Array<[string, string]>]>([
    [
      "basic: excluded KMS",
      {
        basic: [
          {
            readWriteType: "All",
            includeManagementEvents: true,
            excludeManagementEventSources: ["kms.amazonaws.com"],
          },
        ],
      },
      [
        ["DisableKey", "eventSourceExcluded"],
        ["DescribeKey", "eventSourceExcluded"],
      ],
    ],
    [
      "basic: write only",
      {
        basic: [
          { readWriteType: "WriteOnly", includeManagementEvents: true, excludeManagementEventSources: [] },
        ],
      },
      [["DescribeKey", "readEventsNotRecorded"]],
    ],
    [
      "basic: management events off",
      {
        basic: [{ readWriteType: "All", includeManagementEvents: false, excludeManagementEventSources: [] }],
      },
      [
        ["DisableKey", "managementEventsOff"],
        ["DescribeKey", "managementEventsOff"],
        ["CreateVpc", "managementEventsOff"],
      ],
    ],
    [
      "advanced: readOnly NotEquals false keeps reads only",
      { advanced: [{ fieldSelectors: [management, { field: "readOnly", notEquals: ["false"] }] }] },
      [
        ["DisableKey", "writeEventsNotRecorded"],
        ["CreateVpc", "writeEventsNotRecorded"],
      ],
    ],
    [
      "advanced: eventSource NotEquals KMS and reads only",
      {
        advanced: [
          {
            fieldSelectors: [
              management,
              { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
              { field: "readOnly", equals: ["true"] },
            ],
          },
        ],
      },
      [
        ["DisableKey", "notSelected"],
        ["DescribeKey", "eventSourceExcluded"],
        ["CreateVpc", "writeEventsNotRecorded"],
      ],
    ],
    [
      "advanced: a data-event selector only",
      {
        advanced: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Data"] },
              { field: "resources.type", equals: ["AWS::S3::Object"] },
            ],
          },
        ],
      },
      [
        ["DisableKey", "managementEventsOff"],
        ["DescribeKey", "managementEventsOff"],
        ["CreateVpc", "managementEventsOff"],
      ],
    ],
    [
      "advanced: two selectors, reads of everything and writes of all but KMS",
      {
        advanced: [
          { fieldSelectors: [management, { field: "readOnly", equals: ["true"] }] },
          {
            fieldSelectors: [
              management,
              { field: "readOnly", equals: ["false"] },
              { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
            ],
          },
        ],
      },
      [["DisableKey", "eventSourceExcluded"]],
    ],
  ])("%s", (_name, selectors, dropped) => {
    expect(droppedEvents(custom, selectors, samples).map((d) => [d.sample, d.cause])).toEqual(dropped);
  });
});
