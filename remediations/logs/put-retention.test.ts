import { describe, expect, it } from "vitest";
import trailRetention from "../../checks/logs/trail-retention.ts";
import type { EvaluationInput, Finding } from "../../src/engine/check.ts";
import { inv, okRead } from "../../test/support/inventory-builder.ts";
import { planWith, shape } from "../../test/support/remediation-tester.ts";
import remediation, { acceptedRetention, RETENTION_DAYS } from "./put-retention.ts";

const MEMBER = "222222222222";
const MGMT = "111111111111";
const GROUP = "aws-cloudtrail-logs";
const groupArn = (account: string) => `arn:aws:logs:us-east-1:${account}:log-group:${GROUP}:*`;
const CHECKS = [trailRetention];

const own = (retentionInDays: number | undefined, required: number): EvaluationInput =>
  inv(MEMBER)
    .regions("us-east-1", "eu-west-1")
    .trail({ name: "main" }, { logGroup: { group: okRead({ exists: true, retentionInDays }) } })
    .baseline({ logs: { retentionDays: required } })
    .build();

const put = (days: number) => ({
  action: "update",
  region: "us-east-1",
  resource: groupArn(MEMBER),
  calls: [
    {
      op: "logs:PutRetentionPolicy",
      region: "us-east-1",
      input: { logGroupName: GROUP, retentionInDays: days },
    },
  ],
});

describe("logs.put-retention plans", () => {
  it.each([
    ["the baseline is an accepted period", 30, 365, 365],
    ["rounded up to the next accepted period", 30, 200, 365],
    ["rounded up past a year", 365, 1000, 1096],
    ["one day short", 1, 2, 3],
    ["the longest accepted period", 365, 3653, 3653],
  ])("%s: %i days, baseline %i -> %i", (_name, current, required, days) => {
    const planned = planWith(CHECKS, remediation, own(current, required));
    expect(planned.refused).toEqual([]);
    expect(planned.changes.map(shape)).toEqual([put(days)]);
    expect(planned.changes[0]!.fixes.map((k) => k.messageId)).toEqual(["retentionTooShort"]);
  });

  it("rounds every baseline up to the smallest accepted period at least as long", () => {
    const wrong: number[] = [];
    for (let d = 1; d <= 3653; d++) {
      const r = acceptedRetention(d);
      const smallest = Math.min(...RETENTION_DAYS.filter((x) => x >= d));
      if (r !== smallest) wrong.push(d);
    }
    expect(wrong).toEqual([]);
    expect(acceptedRetention(3654)).toBeUndefined();
  });

  it("plans nothing for a group that keeps long enough, or forever", () => {
    for (const days of [400, undefined]) {
      const planned = planWith(CHECKS, remediation, own(days, 365));
      expect([planned.changes, planned.refused, planned.unremediable]).toEqual([[], [], []]);
    }
  });
});

describe("logs.put-retention refuses", () => {
  it("a baseline longer than any retention CloudWatch Logs accepts", () => {
    const planned = planWith(CHECKS, remediation, own(3653, 4000));
    expect(planned.changes).toEqual([]);
    expect(planned.refused.map((r) => r.finding.messageId)).toEqual(["retentionTooShort"]);
    expect(planned.refused[0]!.reason).toContain("4000");
    expect(planned.refused[0]!.reason).toContain("3653");
  });

  it("an organization trail's group seen from a member, even when a finding is routed to it", () => {
    const input = inv(MEMBER)
      .regions("us-east-1")
      .trail(
        { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true },
        { logGroup: { group: okRead({ exists: true, retentionInDays: 30 }) } },
      )
      .baseline({ logs: { retentionDays: 365 } })
      .build();
    const planned = planWith(CHECKS, remediation, input);
    expect([planned.changes, planned.refused]).toEqual([[], []]);
    expect(planned.unremediable).toEqual(["logs.trail-retention global retentionTooShort"]);
    const toUs = (f: Finding): Finding =>
      f.status === "fail" ? { ...f, remediationId: remediation.meta.id } : f;
    const forced = planWith(CHECKS, remediation, input, toUs);
    expect(forced.changes).toEqual([]);
    expect(forced.refused[0]!.reason).toContain(MGMT);
  });

  it("the owner of the organization trail raises its group's retention", () => {
    const input = inv(MGMT)
      .regions("us-east-1")
      .trail(
        { name: "org-trail", isOrganizationTrail: true },
        { logGroup: { group: okRead({ exists: true, retentionInDays: 30 }) } },
      )
      .baseline({ logs: { retentionDays: 365 } })
      .build();
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.changes.map((c) => [c.resource, c.calls[0]!.input])).toEqual([
      [groupArn(MGMT), { logGroupName: GROUP, retentionInDays: 365 }],
    ]);
  });
});
