/** Usage errors and exit codes, through the CLI's `main(argv, io)` in-process: nothing here reaches AWS. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/report/model.ts";
import { runMain } from "../support/main.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "wirewatch-cli-"));

// Nothing listens here: a command that got as far as calling AWS would fail, not exit 3.
const NO_AWS = { AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y" };

describe("plan and apply output formats", () => {
  it.each([
    ["plan with an unknown format", ["plan", "--format", "xml"]],
    ["apply with an unknown format", ["apply", "--format", "yaml", "--yes"]],
    ["apply --format json with nothing to confirm by", ["apply", "--format", "json"]],
  ])("%s exits 3, naming --format", async (_label, args) => {
    const r = await runMain(args, NO_AWS);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("--format");
    expect(r.stdout).toBe("");
  });
});

describe("wirewatch explain", () => {
  it("prints a check's permissions and remediations", async () => {
    const r = await runMain(["explain", "cloudtrail.multi-region-logging"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("cloudtrail:DescribeTrails");
    expect(r.stdout).toContain("cloudtrail.start-logging");
  });

  it("refuses an unknown id with exit 3 and suggests the closest", async () => {
    const r = await runMain(["explain", "cloudtrail.multiregion"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('"cloudtrail.multiregion"');
    expect(r.stderr).toContain("cloudtrail.multi-region-logging");
  });

  it("explains a remediation: what it fixes and the permissions its calls need", async () => {
    const r = await runMain(["explain", "cloudtrail.start-logging"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fixes: +cloudtrail\.multi-region-logging$/m);
    expect(r.stdout).toMatch(/^permissions: +cloudtrail:StartLogging$/m);
  });

  it("with no id lists every check and remediation, each once, checks grouped by area", async () => {
    const { catalogue } = await import("../../src/cli/explain.ts");
    const { CHECKS } = await import("../../checks/index.ts");
    const { REMEDIATIONS } = await import("../../remediations/index.ts");
    const entries = catalogue();
    expect(entries.filter((e) => e.kind === "check").map((e) => e.id)).toEqual(CHECKS.map((c) => c.meta.id));
    expect(entries.filter((e) => e.kind === "remediation").map((e) => e.id)).toEqual(
      REMEDIATIONS.map((x) => x.meta.id),
    );
    const r = await runMain(["explain"]);
    expect(r.code).toBe(0);
    const listed = [...r.stdout.matchAll(/^ {4}(\S+) /gm)].map((m) => m[1]);
    expect(listed).toEqual(entries.map((e) => e.id));
    const areas = [...r.stdout.matchAll(/^ {2}(\w+)$/gm)].map((m) => m[1]);
    expect(areas).toEqual([...new Set(CHECKS.map((c) => c.meta.id.split(".")[0]))]);
  });
});

describe("help that teaches", () => {
  it.each(["scan", "plan", "apply", "explain", "check-filter"])(
    "%s --help ends with runnable examples",
    async (command) => {
      const r = await runMain([command, "--help"]);
      expect(r.code).toBe(0);
      const examples = r.stdout.split(/^Examples?:$/m)[1] ?? "";
      expect(examples.match(new RegExp(`^  wirewatch ${command}\\b`, "gm"))?.length ?? 0).toBeGreaterThan(0);
    },
  );

  it("names the defaults that come from the configuration", async () => {
    const r = await runMain(["scan", "--help"]);
    expect(r.stdout).toContain("report.outputDir");
    expect(r.stdout).toContain("scan.failOn");
  });
});

describe("bad input", () => {
  it.each([
    ["an unknown flag", ["scan", "--frobnicate"]],
    ["an unknown severity", ["scan", "--fail-on", "severe"]],
    ["an unknown format", ["scan", "--format", "xml"]],
    ["an empty format list", ["scan", "--format", ","]],
    ["no command", []],
  ])("%s exits 3", async (_label, args) => {
    const r = await runMain(args);
    expect(r.code).toBe(3);
  });

  it("a malformed config names the file, line and key, and exits 3 before any AWS call", async () => {
    const dir = tmp();
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "roles:\n  audit:\n    name: X\n    durationSeconds: 60\n");
    const r = await runMain(["scan", "--config", file], { AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${file}:4`);
    expect(r.stderr).toContain("roles.audit.durationSeconds");
  });

  it("a garbled saved inventory is could-not-look for its account, naming the file, exit 2", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "scope.json"), JSON.stringify({ accounts: [] }));
    writeFileSync(join(dir, "222222222222.json"), "{ not json");
    const out = tmp();
    const r = await runMain(["scan", "--inventory", dir, "--format", "json", "--output", out]);
    expect(r.code).toBe(2);
    const report = JSON.parse(readFileSync(join(out, "wirewatch-report.json"), "utf8")) as ScanReport;
    expect(report.findings.map((f) => [f.checkId, f.status, f.messageId, f.data.file])).toEqual([
      ["org.account-reachable", "error", "inventoryUnreadable", join(dir, "222222222222.json")],
    ]);
  });
});

describe("wirewatch demo --keep", () => {
  it("refuses a DIR it cannot create with exit 3, naming the flag, before starting anything", async () => {
    const file = join(tmp(), "a-file");
    writeFileSync(file, "");
    const r = await runMain(["demo", "--keep", join(file, "sub")]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`--keep ${join(file, "sub")}`);
    expect(r.stdout).toBe("");
  });
});
