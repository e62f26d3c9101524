import { describe, expect, it } from "vitest";
import { writerContext } from "../cli/writer-context.ts";
import { loadConfig } from "../config/load.ts";
import { fixtureReport } from "../../test/support/fixture-report.ts";
import { ASFF_REQUIRED } from "../../sim/services/securityhub.ts";
import { ASFF_SCHEMA_VERSION, asffFindings, resourceType } from "./asff.ts";
import type { ScanReport } from "./model.ts";

const ctx = writerContext(loadConfig(), undefined);

function withResolved(): ScanReport {
  const report = fixtureReport();
  report.drift = {
    baseline: { scanId: "prev", startedAt: "2026-01-14T10:00:00.000Z", source: "report" },
    counts: { new: 0, resolved: 1, changed: 0, unknown: 0, stillOpen: 0 },
    new: [],
    resolved: [
      {
        id: "cloudtrail.kms-encryption:00000000000000d1",
        checkId: "cloudtrail.kms-encryption",
        accountId: "222222222222",
        region: "global",
        resource: "arn:aws:cloudtrail:us-east-1:222222222222:trail/org-trail",
        messageId: "notEncrypted",
        severity: "medium",
        status: "fail",
        firstSeen: "2026-01-10T10:00:00.000Z",
      },
    ],
    changed: [],
    unknown: [],
  } as unknown as ScanReport["drift"];
  return report;
}

describe("ASFF", () => {
  const report = withResolved();
  const out = asffFindings(report, ctx, { region: "us-east-1" });
  const open = report.findings.filter((f) => f.status === "fail" || f.status === "error");

  it("has one ACTIVE finding per open finding and one ARCHIVED per resolved one, with every required attribute", () => {
    expect(out.map((f) => [f.Id, f.RecordState])).toEqual([
      ...open.map((f) => [f.id, "ACTIVE"]),
      ["cloudtrail.kms-encryption:00000000000000d1", "ARCHIVED"],
    ]);
    for (const f of out) {
      for (const k of ASFF_REQUIRED) expect(f, k).toHaveProperty(k);
      expect(f.SchemaVersion).toBe(ASFF_SCHEMA_VERSION);
      expect(f.ProductArn).toBe(
        `arn:aws:securityhub:us-east-1:${f.AwsAccountId}:product/${f.AwsAccountId}/default`,
      );
      expect(f.Title.length).toBeLessThanOrEqual(256);
      expect(f.Description.length).toBeLessThanOrEqual(1024);
    }
  });

  it("maps status to compliance, severity to its label, and a suppression to the SUPPRESSED workflow", () => {
    const by = new Map(out.map((f) => [f.Id, f]));
    const failing = open.find((f) => f.status === "fail" && !f.suppressed)!;
    expect(by.get(failing.id)).toMatchObject({
      Compliance: { Status: "FAILED" },
      Severity: { Label: failing.severity.toUpperCase() },
      Workflow: { Status: "NEW" },
      AwsAccountId: failing.accountId,
      GeneratorId: `wirewatch/${failing.checkId}`,
    });
    const error = open.find((f) => f.status === "error")!;
    expect(by.get(error.id)?.Compliance.Status).toBe("NOT_AVAILABLE");
    const muted = open.find((f) => f.suppressed)!;
    expect(by.get(muted.id)?.Workflow?.Status).toBe("SUPPRESSED");
    expect(by.get(muted.id)?.ProductFields["wirewatch/Suppression"]).toContain(muted.suppression!.reason);
    expect(by.get("cloudtrail.kms-encryption:00000000000000d1")).toMatchObject({
      Compliance: { Status: "PASSED" },
      CreatedAt: "2026-01-10T10:00:00.000Z",
      AwsAccountId: "222222222222",
    });
  });

  it("cuts a message to the Description limit", () => {
    const long = fixtureReport();
    long.findings[0]!.message = "x".repeat(5000);
    const [first] = asffFindings(long, ctx, { region: "us-east-1" });
    expect(first?.Description.length).toBe(1024);
  });

  it.each([
    ["arn:aws:cloudtrail:us-east-1:111111111111:trail/org", "AwsCloudTrailTrail"],
    ["arn:aws:sns:us-east-1:111111111111:alerts", "AwsSnsTopic"],
    ["arn:aws:cloudwatch:us-east-1:111111111111:alarm:root", "AwsCloudWatchAlarm"],
    ["arn:aws:iam::111111111111:role/WirewatchAudit", "AwsIamRole"],
    ["arn:aws:logs:us-east-1:111111111111:log-group:trail:*", "Other"],
    ["111111111111", "AwsAccount"],
    ["111111111111/eu-west-1", "Other"],
  ])("types %s as %s", (resource, type) => {
    expect(resourceType(resource)).toBe(type);
  });

  it("names the partition of the resource", () => {
    const gov = fixtureReport();
    gov.findings[0]!.resource = "arn:aws-us-gov:cloudtrail:us-gov-west-1:111111111111:trail/org";
    const [first] = asffFindings(gov, ctx, { region: "us-gov-west-1" });
    expect(first?.ProductArn).toBe(
      "arn:aws-us-gov:securityhub:us-gov-west-1:111111111111:product/111111111111/default",
    );
    expect(first?.Resources[0]).toMatchObject({ Partition: "aws-us-gov", Type: "AwsCloudTrailTrail" });
  });
});
