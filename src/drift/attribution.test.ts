import { describe, expect, it } from "vitest";
import type { ReportFinding } from "../report/model.ts";
import {
  attributionOf,
  eventMatches,
  parseEvent,
  resourceNames,
  targetOf,
  type AttributionTarget,
  type LookedUpEvent,
  type TargetLookups,
} from "./attribution.ts";

const DEV = "333333333333";
const TRAIL = `arn:aws:cloudtrail:us-east-1:${DEV}:trail/dev-trail`;
const LOG_GROUP = `arn:aws:logs:us-east-1:${DEV}:log-group:aws-cloudtrail-logs:*`;
const OPERATOR = `arn:aws:sts::${DEV}:assumed-role/WirewatchRemediation/operator`;

function finding(over: Partial<ReportFinding>): ReportFinding {
  return {
    id: "x:0000000000000000",
    checkId: "cloudtrail.multi-region-logging",
    status: "fail",
    severity: "high",
    accountId: DEV,
    region: "eu-west-1",
    resource: TRAIL,
    messageId: "trailStopped",
    message: "m",
    data: {},
    evidence: {},
    remediationId: null,
    suppressed: false,
    firstSeen: null,
    lastSeen: null,
    ...over,
  };
}

function event(over: Partial<LookedUpEvent> = {}): LookedUpEvent {
  return {
    eventId: "e1",
    eventName: "StopLogging",
    eventSource: "cloudtrail.amazonaws.com",
    eventTime: "2026-01-01T00:30:00.000Z",
    region: "us-east-1",
    resourceNames: [],
    principalArn: OPERATOR,
    principalType: "AssumedRole",
    sourceIPAddress: "192.0.2.1",
    userAgent: "aws-cli/2",
    errorCode: null,
    requestStrings: ["dev-trail"],
    ...over,
  };
}

const WINDOW = { from: "2026-01-01T00:00:00.000Z", to: "2026-01-01T01:00:00.000Z" };
const none: TargetLookups = { events: [], incomplete: false, interrupted: false, failures: [] };

describe("resourceNames", () => {
  it.each([
    [TRAIL, [TRAIL, "dev-trail"]],
    [LOG_GROUP, [LOG_GROUP, LOG_GROUP.slice(0, -2), "aws-cloudtrail-logs"]],
    [`arn:aws:events:us-east-1:${DEV}:rule/wirewatch-forward`, [expect.any(String), "wirewatch-forward"]],
    [`${DEV}/us-east-1`, []],
  ])("%s", (resource, names) => {
    expect(resourceNames(resource)).toEqual(names);
  });
});

describe("targetOf", () => {
  it("looks a trail's change up in the trail's home region, whatever region the finding is about", () => {
    expect(targetOf(finding({}), "us-east-1")).toMatchObject({
      accountId: DEV,
      region: "us-east-1",
      eventNames: ["StopLogging", "DeleteTrail", "UpdateTrail"],
      names: [TRAIL, "dev-trail"],
    });
  });

  it("uses the finding's region, or the home region for a global one, when the resource is no ARN", () => {
    const f = finding({ resource: `${DEV}/eu-west-1` });
    expect(targetOf(f, "us-east-1")).toMatchObject({ region: "eu-west-1", names: [] });
    expect(targetOf({ ...f, region: "global" }, "us-east-1")).toMatchObject({ region: "us-east-1" });
  });

  it("covers alarm controls; never passing, erring findings or checks no change causes", () => {
    expect(
      targetOf(finding({ checkId: "alarms.root-usage", resource: LOG_GROUP }), "us-east-1")?.eventNames,
    ).toContain("DeleteMetricFilter");
    expect(targetOf(finding({ status: "pass" }), "us-east-1")).toBeNull();
    expect(targetOf(finding({ status: "error" }), "us-east-1")).toBeNull();
    expect(targetOf(finding({ checkId: "org.account-reachable" }), "us-east-1")).toBeNull();
  });
});

describe("eventMatches", () => {
  const target = targetOf(finding({}), "us-east-1")!;
  it.each<[string, Partial<LookedUpEvent>, boolean]>([
    ["the short name in the request", {}, true],
    ["the ARN in the request", { requestStrings: [TRAIL] }, true],
    ["the ARN as the event's resource", { requestStrings: [], resourceNames: [TRAIL] }, true],
    ["another trail", { requestStrings: ["prod-trail"] }, false],
    ["a name that only ends like it", { requestStrings: ["old-dev-trail"] }, false],
    ["a refused call", { errorCode: "AccessDenied" }, false],
    ["another event", { eventName: "StartLogging" }, false],
  ])("%s: %s", (_what, over, expected) => {
    expect(eventMatches(event(over), target)).toBe(expected);
  });

  it("any event of the names when the resource has no name to match", () => {
    const bare: AttributionTarget = { ...target, names: [] };
    expect(eventMatches(event({ requestStrings: [] }), bare)).toBe(true);
  });
});

describe("parseEvent", () => {
  it("reads who, from where and what from the CloudTrailEvent record", () => {
    const e = parseEvent({
      EventId: "id-1",
      EventName: "DisableRule",
      EventSource: "events.amazonaws.com",
      EventTime: new Date("2026-01-01T00:10:00Z"),
      Resources: [],
      CloudTrailEvent: JSON.stringify({
        userIdentity: { type: "AssumedRole", arn: OPERATOR },
        awsRegion: "us-east-1",
        sourceIPAddress: "192.0.2.9",
        userAgent: "aws-cli/2",
        requestParameters: { name: "wirewatch-forward", nested: { list: ["a"] } },
      }),
    });
    expect(e).toMatchObject({
      eventId: "id-1",
      eventTime: "2026-01-01T00:10:00.000Z",
      principalArn: OPERATOR,
      principalType: "AssumedRole",
      sourceIPAddress: "192.0.2.9",
      region: "us-east-1",
      errorCode: null,
      requestStrings: ["wirewatch-forward", "a"],
    });
  });

  it("keeps an event whose record does not parse, with nobody named", () => {
    expect(parseEvent({ EventId: "id", EventName: "StopLogging", CloudTrailEvent: "{" })).toMatchObject({
      eventId: "id",
      principalArn: null,
      requestStrings: [],
    });
  });
});

describe("attributionOf", () => {
  const target = targetOf(finding({}), "us-east-1")!;

  it("names the newest matching event first", () => {
    const older = event({ eventId: "old", eventTime: "2026-01-01T00:05:00.000Z", principalArn: "arn:old" });
    const a = attributionOf(target, { ...none, events: [older, event()] }, WINDOW, false);
    expect(a).toMatchObject({ status: "attributed", reason: null, window: WINDOW, region: "us-east-1" });
    expect(a.events.map((e) => [e.eventId, e.principalArn])).toEqual([
      ["e1", OPERATOR],
      ["old", "arn:old"],
    ]);
  });

  it.each<[string, Partial<TargetLookups>, boolean, string]>([
    ["a failed lookup", { failures: ["StopLogging: AccessDeniedException: no"] }, false, "lookupFailed"],
    ["an interrupted scan", { interrupted: true }, false, "interrupted"],
    ["a spent budget", { incomplete: true }, false, "budgetExhausted"],
    ["a window longer than event history", {}, true, "beyondHistory"],
    ["nothing found", {}, false, "noMatchingEvent"],
  ])("says why nobody is named: %s", (_what, found, cut, reason) => {
    const a = attributionOf(target, { ...none, ...found }, WINDOW, cut);
    expect(a).toMatchObject({ status: "notAttributed", reason, events: [] });
    expect(a.detail).toBeTruthy();
  });
});
