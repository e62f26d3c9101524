/**
 * Walks the remediation registry and fails on what would make a remediation unusable, unsafe or undocumented
 * (Custodian / ESLint style): a check naming a remediation that does not exist, a remediation without a table test
 * beside it, without declared permissions, or fixing checks that do not exist or do not name it; an operation it
 * plans that apply may not call or that its permissions do not cover; an unsorted registry; a remediation file
 * missing from it. config/iam/remediation-role-policy.json is checked against the permissions in test/iam.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../checks/index.ts";
import { REMEDIATION_BY_ID, REMEDIATIONS } from "../../remediations/index.ts";
import { WRITE_OPERATIONS } from "../../src/aws/write.ts";
import type { Remediation } from "../../src/remediate/remediation.ts";
import { IAM_FILES } from "../../src/report/iam.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const DIR = join(ROOT, "remediations");

/** `<area>.<rest>` <-> `remediations/<area>/<rest>.ts` */
function fileOf(id: string): string {
  const dot = id.indexOf(".");
  return join(DIR, id.slice(0, dot), `${id.slice(dot + 1)}.ts`);
}

/** Remediation files: not tests, not shared helpers (`_name.ts`), not the registry. */
function remediationFiles(): string[] {
  return readdirSync(DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts")
    .filter((f) => !f.split("/").pop()!.startsWith("_"))
    .map((f) => join(DIR, f))
    .sort();
}

/** The IAM service prefix of each SigV4 signing name remediation writes to. */
const IAM_PREFIX: Record<string, string> = {
  cloudtrail: "cloudtrail",
  events: "events",
  logs: "logs",
  monitoring: "cloudwatch",
};

const checkIds = new Set(CHECKS.map((c) => c.meta.id));

describe("remediation registry", () => {
  it("is sorted by id, without duplicates", () => {
    const ids = REMEDIATIONS.map((r) => r.meta.id);
    expect(ids).toEqual([...new Set(ids)].sort());
    expect([...REMEDIATION_BY_ID.keys()]).toEqual(ids);
  });

  it("holds every remediation file under remediations/", async () => {
    for (const file of remediationFiles()) {
      const mod = (await import(pathToFileURL(file).href)) as { default?: Remediation };
      expect(mod.default, `${relative(ROOT, file)} has no default export`).toBeDefined();
      expect(REMEDIATIONS, `${relative(ROOT, file)} is not in remediations/index.ts`).toContain(mod.default);
    }
  });

  it("has every remediation a check names, for every check that names it", () => {
    for (const c of CHECKS) {
      for (const id of c.meta.remediationIds) {
        const r = REMEDIATION_BY_ID.get(id);
        expect(r, `${c.meta.id} names ${id}, which is not in remediations/index.ts`).toBeDefined();
        expect(r?.meta.fixes, `${id} does not list ${c.meta.id} in fixes`).toContain(c.meta.id);
      }
    }
  });

  it("has no test file without its remediation", () => {
    const orphans = readdirSync(DIR, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".test.ts"))
      .filter((f) => !existsSync(join(DIR, f.replace(/\.test\.ts$/, ".ts"))));
    expect(orphans).toEqual([]);
  });

  it("has a remediation role policy in config/iam", () => {
    expect(existsSync(join(ROOT, IAM_FILES.remediation))).toBe(true);
  });
});

describe.each(REMEDIATIONS.map((r) => [r.meta.id, r] as const))("%s", (id, r) => {
  const m = r.meta;
  const file = fileOf(id);
  const testFile = file.replace(/\.ts$/, ".test.ts");

  it("lives in the file its id names, as the default export", async () => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(existsSync(file), `${relative(ROOT, file)} does not exist`).toBe(true);
    const mod = (await import(pathToFileURL(file).href)) as { default?: Remediation };
    expect(mod.default).toBe(r);
  });

  it("has a test beside it that plans from the real checks' findings", () => {
    expect(existsSync(testFile), `${relative(ROOT, testFile)} does not exist`).toBe(true);
    const source = readFileSync(testFile, "utf8");
    expect(source).toContain(`"./${file.slice(file.lastIndexOf("/") + 1)}"`);
    expect(source).toContain("planWith(");
  });

  it("declares its metadata: title, description, permissions, and fixes that name real checks", () => {
    expect(m.title.trim().length).toBeGreaterThan(0);
    expect(m.description.trim().length, "description").toBeGreaterThanOrEqual(40);
    expect(m.permissions.length, "permissions").toBeGreaterThan(0);
    for (const p of m.permissions) expect(p).toMatch(/^[a-z0-9-]+:[A-Za-z0-9*]+$/);
    expect(m.fixes.length, "fixes").toBeGreaterThan(0);
    for (const f of m.fixes) expect(checkIds, `${f} is not a registered check`).toContain(f);
    for (const f of m.fixes) {
      const check = CHECKS.find((c) => c.meta.id === f);
      expect(check?.meta.remediationIds, `${f} does not name ${id}`).toContain(id);
    }
  });

  it("plans only operations apply may call, never a delete, each covered by its permissions", () => {
    const source = readFileSync(file, "utf8");
    const ops = [...source.matchAll(/service:\s*"(\w+)",\s*operation:\s*"(\w+)"/g)].map(
      (m): [string, string] => [m[1] ?? "", m[2] ?? ""],
    );
    expect(ops.length, "no AWS call found in the source").toBeGreaterThan(0);
    for (const [service, operation] of ops) {
      expect(
        WRITE_OPERATIONS[service]?.[operation],
        `${service}:${operation} is not in WRITE_OPERATIONS`,
      ).toBeDefined();
      expect(operation).not.toMatch(/^Delete/);
      expect(m.permissions).toContain(`${IAM_PREFIX[service]}:${operation}`);
    }
  });
});
