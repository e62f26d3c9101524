/**
 * Walks the check registry and fails on what would make a check unusable or undocumented (Custodian / ESLint style):
 * no table test beside it, no declared permissions or rationale, message ids used but not declared (or declared
 * but never used), an id that does not match its file path, an unsorted registry, a check file missing from the
 * registry, or a stale docs/checks.md.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../checks/index.ts";
import { SEVERITIES } from "../../src/config/schema.ts";
import type { Check } from "../../src/engine/check.ts";
import { CATALOGUE_FILE, renderCatalogue } from "../../src/report/catalogue.ts";
import { TRAIL_PROPERTY_MESSAGES } from "../../src/engine/trails.ts";
import { ALARM_MESSAGE_IDS } from "../../src/alarms/control.ts";
import { FORWARDING_HELPER_MESSAGES } from "../../src/engine/forwarding-report.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const CHECKS_DIR = join(ROOT, "checks");

/** `<area>.<rest>` <-> `checks/<area>/<rest>.ts` */
function fileOf(id: string): string {
  const dot = id.indexOf(".");
  return join(CHECKS_DIR, id.slice(0, dot), `${id.slice(dot + 1)}.ts`);
}

function checkFiles(): string[] {
  return readdirSync(CHECKS_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts")
    .map((f) => join(CHECKS_DIR, f))
    .sort();
}

describe("check registry", () => {
  it("is sorted by id, without duplicates", () => {
    const ids = CHECKS.map((c) => c.meta.id);
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it("holds every check file under checks/", async () => {
    for (const file of checkFiles()) {
      const mod = (await import(pathToFileURL(file).href)) as { default?: Check };
      expect(mod.default, `${relative(ROOT, file)} has no default export`).toBeDefined();
      expect(CHECKS, `${relative(ROOT, file)} is not in checks/index.ts`).toContain(mod.default);
    }
  });

  it("has no test file without its check", () => {
    const orphans = readdirSync(CHECKS_DIR, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".test.ts"))
      .filter((f) => !existsSync(join(CHECKS_DIR, f.replace(/\.test\.ts$/, ".ts"))));
    expect(orphans).toEqual([]);
  });
});

describe.each(CHECKS.map((c) => [c.meta.id, c] as const))("%s", (id, check) => {
  const m = check.meta;
  const file = fileOf(id);
  const testFile = file.replace(/\.ts$/, ".test.ts");

  it("lives in the file its id names, as the default export", async () => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(existsSync(file), `${relative(ROOT, file)} does not exist`).toBe(true);
    const mod = (await import(pathToFileURL(file).href)) as { default?: Check };
    expect(mod.default).toBe(check);
  });

  it("has a table test beside it that exercises it", () => {
    expect(existsSync(testFile), `${relative(ROOT, testFile)} does not exist`).toBe(true);
    const source = readFileSync(testFile, "utf8");
    expect(source).toContain(`"./${file.slice(file.lastIndexOf("/") + 1)}"`);
    expect(source).toContain("checkTester(");
  });

  it("declares its metadata: title, severity, scope, rationale, permissions, remediation ids", () => {
    expect(m.title.trim().length).toBeGreaterThan(0);
    expect(SEVERITIES).toContain(m.severity);
    expect(["account", "region"]).toContain(m.scope);
    expect(m.rationale.trim().length, "rationale").toBeGreaterThanOrEqual(40);
    expect(m.permissions.length, "permissions").toBeGreaterThan(0);
    for (const p of m.permissions) expect(p).toMatch(/^[a-z0-9-]+:[A-Za-z0-9*]+$/);
    for (const r of m.remediationIds) expect(r).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
    for (const [path, effect] of Object.entries(m.paths ?? {})) {
      expect(["archive", "log", "alarm", "fast"]).toContain(path);
      expect(["decides", "breaks", "degrades"]).toContain(effect);
    }
    expect(Object.keys(m.messages).length).toBeGreaterThan(0);
  });

  it("declares every message id its code reports, and reports every message id it declares", () => {
    const source = readFileSync(file, "utf8");
    const declared = Object.keys(m.messages);
    const used = new Set<string>();
    for (const line of source.matchAll(/\b(?:messageId|reason):\s*([^,\n]+)/g)) {
      for (const lit of line[1]!.matchAll(/"(\w+)"/g)) used.add(lit[1]!);
    }
    const helper = source.includes("reportTrailProperty(");
    if (helper) for (const std of TRAIL_PROPERTY_MESSAGES) used.add(std);
    // The eventbridge.* checks report some of their messages through src/engine/forwarding-report.ts.
    for (const [fn, ids] of Object.entries(FORWARDING_HELPER_MESSAGES)) {
      if (source.includes(`${fn}(`)) for (const id of ids) used.add(id);
    }
    // The alarm controls are data; src/alarms/control.ts reports their messages (covered by src/alarms tests).
    if (source.includes("defineAlarmControl(")) for (const std of ALARM_MESSAGE_IDS) used.add(std);
    expect(
      [...used].filter((u) => !declared.includes(u)),
      "used but not declared",
    ).toEqual([]);
    const unused = declared.filter((d) => !used.has(d) && !source.includes(`"${d}"`));
    expect(unused, "declared but never reported").toEqual([]);
  });
});

describe(CATALOGUE_FILE, () => {
  const rendered = renderCatalogue(CHECKS);

  it("is up to date (run `npm run docs`)", () => {
    const file = join(ROOT, CATALOGUE_FILE);
    expect(existsSync(file), `${CATALOGUE_FILE} is missing: run npm run docs`).toBe(true);
    expect(readFileSync(file, "utf8"), `${CATALOGUE_FILE} is stale: run npm run docs`).toBe(rendered);
  });

  it("is printed the way Prettier prints it, so `prettier --check` agrees", async () => {
    const options = (await resolveConfig(join(ROOT, CATALOGUE_FILE))) ?? {};
    expect(await format(rendered, { ...options, filepath: join(ROOT, CATALOGUE_FILE) })).toBe(rendered);
  });

  it("documents every check", () => {
    for (const c of CHECKS) {
      expect(rendered).toContain(`## ${c.meta.id}\n`);
      for (const p of c.meta.permissions) expect(rendered).toContain(`\`${p}\``);
    }
  });
});
