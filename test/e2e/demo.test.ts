/** `wirewatch demo --keep DIR`: the demo's reports, plan and audit log kept where the user asked, and nowhere else. */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KEPT_FILES } from "../../src/cli/demo.ts";
import { readPlan } from "../../src/remediate/plan-file.ts";
import type { ScanReport } from "../../src/report/model.ts";
import { runCli } from "../support/cli.ts";
import { reportSchemaErrors } from "../support/report-schema.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "wirewatch-demo-test-"));
const readReport = (path: string) => JSON.parse(readFileSync(path, "utf8")) as ScanReport;

describe("wirewatch demo --keep DIR", () => {
  it("keeps the reports before and after, the plan and the audit log in DIR, and leaves no scratch folder", async () => {
    const scratch = tmp();
    const cwd = tmp();
    const keep = join(tmp(), "kept", "demo"); // created, parents too
    const r = await runCli(["demo", "--keep", keep], { TMPDIR: scratch }, cwd);
    expect(r.code).toBe(0);
    expect(readdirSync(keep).sort()).toEqual(Object.values(KEPT_FILES).sort());
    expect(readdirSync(scratch)).toEqual([]);
    expect(readdirSync(cwd)).toEqual([]);

    const before = readReport(join(keep, KEPT_FILES.report));
    const after = readReport(join(keep, KEPT_FILES.rescan));
    expect(reportSchemaErrors(before)).toEqual([]);
    expect(reportSchemaErrors(after)).toEqual([]);
    expect(after.summary.findings.fail).toBeLessThan(before.summary.findings.fail);
    // Both scans are recorded in the demo's own store: the rescan's drift is what the apply resolved.
    expect(before.drift).toMatchObject({ baseline: null });
    expect(after.drift!.baseline).toMatchObject({ scanId: before.scanId, source: "store" });
    const open = (r: ScanReport) =>
      new Set(r.findings.filter((f) => f.status === "fail" || f.status === "error").map((f) => f.id));
    const [openBefore, openAfter] = [open(before), open(after)];
    const resolved = after.drift!.resolved.map((r) => r.id);
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved.filter((id) => !openBefore.has(id) || openAfter.has(id))).toEqual([]);
    // What the apply created can show gaps of its own (a new trail's log group), never an old one as new.
    expect(after.drift!.new.filter((r) => openBefore.has(r.id))).toEqual([]);

    const { plan } = await readPlan(join(keep, KEPT_FILES.plan));
    const changeIds = new Set(plan.changes.map((c) => c.id));
    const audit = readFileSync(join(keep, KEPT_FILES.audit), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { audit: { planId: string; change: string } });
    expect(audit.length).toBeGreaterThan(0);
    for (const { audit: a } of audit) {
      expect(a.planId).toBe(plan.planId);
      expect(changeIds.has(a.change)).toBe(true);
    }
  });
});
