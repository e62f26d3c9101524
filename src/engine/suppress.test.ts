import { describe, expect, it } from "vitest";
import type { Suppression } from "../config/schema.ts";
import { planAccount } from "../remediate/plan.ts";
import { buildReport, exitCodeFor } from "../report/build.ts";
import type { EvaluationInput, Finding } from "./check.ts";
import { applySuppressions, suppressionOutcomes } from "./suppress.ts";

const f = (id: string, over: Partial<Finding> = {}): Finding => ({
  id,
  checkId: "cloudtrail.s3-delivery",
  status: "fail",
  severity: "high",
  accountId: "111111111111",
  region: "us-east-1",
  resource: "arn:aws:cloudtrail:us-east-1:111111111111:trail/org",
  messageId: "stale",
  message: "m",
  data: {},
  evidence: {},
  remediationId: null,
  suppressed: false,
  ...over,
});
const s = (match: Suppression["match"], expires = "2026-03-01"): Suppression => ({
  match,
  reason: "r",
  owner: "o",
  expires,
});
const NOW = new Date("2026-02-01T12:00:00Z");

describe("applySuppressions", () => {
  it.each([
    ["exact check id", { checkId: "cloudtrail.s3-delivery" }, true],
    ["another check", { checkId: "cloudtrail.kms-encryption" }, false],
    ["check glob", { checkId: "cloudtrail.*" }, true],
    ["account", { accountId: "111111111111" }, true],
    ["other account", { accountId: "222222222222" }, false],
    ["region", { region: "us-east-1" }, true],
    ["resource exact", { resource: "arn:aws:cloudtrail:us-east-1:111111111111:trail/org" }, true],
    ["resource glob", { resource: "arn:aws:cloudtrail:*:111111111111:trail/*" }, true],
    ["never a substring", { resource: "trail/org" }, false],
    ["never a prefix", { resource: "arn:aws:cloudtrail" }, false],
    ["* stops at /", { resource: "arn:aws:cloudtrail:*" }, false],
    ["** (a whole segment) crosses /", { resource: "arn:aws:cloudtrail:*/**" }, true],
    ["all fields must match", { checkId: "cloudtrail.s3-delivery", region: "eu-west-1" }, false],
  ] as const)("%s", (_what, match, suppressed) => {
    const [out] = applySuppressions([f("a")], [s(match)], NOW);
    expect(out?.suppressed).toBe(suppressed);
    expect(out?.suppression?.index).toBe(suppressed ? 0 : undefined);
  });

  it("mutes fail and error findings only", () => {
    const statuses = ["fail", "error", "pass", "not_applicable"] as const;
    const out = applySuppressions(
      statuses.map((status) => f(status, { status })),
      [s({ accountId: "111111111111" })],
      NOW,
    );
    expect(out.map((x) => x.suppressed)).toEqual([true, true, false, false]);
  });

  it("the first matching suppression wins", () => {
    const [out] = applySuppressions(
      [f("a")],
      [s({ region: "eu-west-1" }), s({ region: "us-east-1" }), s({})],
      NOW,
    );
    expect(out?.suppression?.index).toBe(1);
  });
});

describe("expiry and non-use", () => {
  it.each([
    ["applies through its last day", "2026-02-01", true, "active"],
    ["a day after, it stops applying", "2026-01-31", false, "expired"],
    ["well ahead", "2026-04-30", true, "active"],
  ] as const)("%s (expires %s)", (_what, expires, suppressed, state) => {
    const sup = [s({ checkId: "cloudtrail.s3-delivery" }, expires)];
    const findings = applySuppressions([f("a"), f("b", { status: "pass" })], sup, NOW);
    expect(findings[0]?.suppressed).toBe(suppressed);
    const [o] = suppressionOutcomes(findings, sup, NOW);
    // An expired suppression names the open findings it would have muted, so the report says what came back.
    expect(o).toEqual({ index: 0, state, findingIds: ["a"] });
  });

  it("reports an unused suppression as matching nothing", () => {
    const sup = [s({ checkId: "cloudtrail.s3-delivery" }), s({ accountId: "999999999999" })];
    const findings = applySuppressions([f("a")], sup, NOW);
    expect(suppressionOutcomes(findings, sup, NOW).map((o) => [o.state, o.findingIds])).toEqual([
      ["active", ["a"]],
      ["active", []],
    ]);
  });

  it("an expired suppression mutes nothing, and a later one still can", () => {
    const sup = [s({ accountId: "111111111111" }, "2026-01-01"), s({ region: "us-east-1" })];
    const findings = applySuppressions([f("a")], sup, NOW);
    expect(findings[0]?.suppression?.index).toBe(1);
    expect(suppressionOutcomes(findings, sup, NOW).map((o) => [o.state, o.findingIds])).toEqual([
      ["expired", ["a"]],
      ["active", ["a"]],
    ]);
  });
});

describe("a suppressed finding in the report", () => {
  const discovery = { accounts: [{ id: "111111111111", state: "ACTIVE", scanned: true }] } as Parameters<
    typeof buildReport
  >[0]["discovery"];
  const report = (sup: Suppression[], findings: Finding[]) =>
    buildReport({
      discovery,
      results: [{ findings: applySuppressions(findings, sup, NOW), coverage: [] }],
      checks: [],
      startedAt: NOW,
      finishedAt: NOW,
      source: "inventory",
      apiCalls: {},
      suppressions: sup,
    });

  it("stays listed, marked, and no longer counts for the exit code", () => {
    const r = report([s({ checkId: "cloudtrail.s3-delivery" })], [f("a"), f("b", { checkId: "x.y" })]);
    expect(r.findings.map((x) => [x.id, x.suppressed, x.suppression?.index])).toEqual([
      ["a", true, 0],
      ["b", false, undefined],
    ]);
    expect(r.summary.findings).toMatchObject({ fail: 1, suppressed: 1 });
    expect(r.summary.failuresBySeverity.high).toBe(1);
    expect(exitCodeFor(r, "low")).toBe(1);
    const all = report([s({ accountId: "111111111111" })], [f("a"), f("b", { checkId: "x.y" })]);
    expect(all.summary.findings).toMatchObject({ fail: 0, suppressed: 2 });
    expect(exitCodeFor(all, "low")).toBe(0);
  });

  it("an error finding muted does not make the scan incomplete; expired, it does again", () => {
    const err = f("e", { status: "error", checkId: "org.region-reachable" });
    expect(report([s({ checkId: "org.region-reachable" })], [err]).summary.incomplete).toBe(false);
    const expired = report([s({ checkId: "org.region-reachable" }, "2026-01-01")], [err]);
    expect(expired.summary.incomplete).toBe(true);
    expect(exitCodeFor(expired, "none")).toBe(2);
  });

  it("an interrupted scan stays incomplete even where a suppression matches the accounts it never read", () => {
    const cut = f("i", { status: "error", checkId: "org.account-reachable", messageId: "scanInterrupted" });
    const r = report([s({ checkId: "org.account-reachable" })], [cut]);
    expect([r.findings[0]!.suppressed, r.summary.incomplete, exitCodeFor(r, "none")]).toEqual([
      true,
      true,
      2,
    ]);
  });

  it("lists every suppression with its state and what it matched, expired and unused included", () => {
    const r = report(
      [
        s({ checkId: "cloudtrail.*" }),
        s({ resource: "trail/org" }),
        s({ accountId: "111111111111" }, "2026-01-31"),
      ],
      [f("a")],
    );
    expect(r.suppressions?.map((x) => [x.index, x.state, x.matched, x.findingIds])).toEqual([
      [0, "active", 1, ["a"]],
      [1, "active", 0, []],
      [2, "expired", 1, ["a"]],
    ]);
  });

  it("is never planned", () => {
    const [muted] = applySuppressions([f("a", { remediationId: "cloudtrail.start-logging" })], [s({})], NOW);
    const planned = planAccount([muted!], {} as EvaluationInput, new Map(), {
      tags: {},
      homeRegion: "us-east-1",
    });
    expect(planned).toEqual({ changes: [], refused: [], unremediable: [], incidents: [] });
    const [open] = applySuppressions([f("a", { remediationId: "cloudtrail.start-logging" })], [], NOW);
    expect(
      planAccount([open!], {} as EvaluationInput, new Map(), { tags: {}, homeRegion: "us-east-1" })
        .unremediable,
    ).toHaveLength(1);
  });
});
