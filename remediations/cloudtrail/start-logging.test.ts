import { describe, expect, it } from "vitest";
import loggingInterruption from "../../checks/cloudtrail/logging-interruption.ts";
import multiRegionLogging from "../../checks/cloudtrail/multi-region-logging.ts";
import type { Finding } from "../../src/engine/check.ts";
import { inv, minutesAgo } from "../../test/support/inventory-builder.ts";
import { planWith, shape } from "../../test/support/remediation-tester.ts";
import remediation from "./start-logging.ts";

const ACCOUNT = "222222222222";
const MGMT = "111111111111";
const CHECKS = [loggingInterruption, multiRegionLogging];
const stopped = { status: { isLogging: false, stopLoggingTime: minutesAgo(30) } };

describe("cloudtrail.start-logging plans", () => {
  it("StartLogging on a stopped trail, in its home region, for every finding it caused", () => {
    const input = inv(ACCOUNT).regions("us-east-1", "eu-west-1").trail({ name: "main" }, stopped).build();
    const planned = planWith(CHECKS, remediation, input);
    const arn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
    expect(planned.changes.map(shape)).toEqual([
      {
        action: "enable",
        region: "us-east-1",
        resource: arn,
        calls: [{ op: "cloudtrail:StartLogging", region: "us-east-1", input: { Name: arn } }],
      },
    ]);
    expect(planned.changes[0]!.fixes.map((k) => `${k.checkId} ${k.region}`).sort()).toEqual([
      "cloudtrail.multi-region-logging eu-west-1",
      "cloudtrail.multi-region-logging us-east-1",
    ]);
  });

  it("does not claim the interruption: it already happened, and the plan lists it as an incident", () => {
    const input = inv(ACCOUNT).regions("us-east-1").trail({ name: "main" }, stopped).build();
    const planned = planWith(CHECKS, remediation, input);
    const fixes = planned.changes.flatMap((c) => c.fixes.map((k) => k.checkId));
    expect(fixes).not.toContain("cloudtrail.logging-interruption");
    expect(remediation.meta.fixes).not.toContain("cloudtrail.logging-interruption");
    expect(planned.incidents).toEqual(["cloudtrail.logging-interruption global stopped"]);
    expect(planned.unremediable).toEqual([]);
  });
});

describe("cloudtrail.start-logging refuses", () => {
  it("an organization trail seen from a member, even when a finding is routed to it", () => {
    const input = inv(ACCOUNT)
      .regions("us-east-1")
      .trail({ name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true }, stopped)
      .build();
    const planned = planWith(CHECKS, remediation, input);
    expect(planned.changes).toEqual([]);
    const toUs = (f: Finding): Finding =>
      f.status === "fail" ? { ...f, remediationId: remediation.meta.id } : f;
    const forced = planWith(CHECKS, remediation, input, toUs);
    expect(forced.changes).toEqual([]);
    expect(forced.refused.length).toBeGreaterThan(0);
    for (const r of forced.refused) expect(r.reason).toContain(MGMT);
  });
});
