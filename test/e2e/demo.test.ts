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
