/**
 * The package as a user gets it: `npm pack`, the tarball installed without dev dependencies into an empty folder,
 * and the installed `wirewatch` run from there. The tarball holds what the command needs and nothing else, and the
 * demo leaves nothing behind.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../support/cli.ts";

const run = promisify(execFile);
const tmp = () => mkdtempSync(join(tmpdir(), "wirewatch-pack-test-"));
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

let packed: PackResult;
let app: string;

beforeAll(async () => {
  const out = tmp();
  // The global setup has checked dist/; --ignore-scripts so packing does not rebuild it under the other e2e files.
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], {
    cwd: ROOT,
  });
  packed = (JSON.parse(stdout) as PackResult[])[0]!;
  app = tmp();
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "wirewatch-user", private: true }));
  await run(
    "npm",
    ["install", join(out, packed.filename), "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"],
    { cwd: app },
  );
}, 200_000);

describe("the npm package", () => {
  it("ships the compiled CLI, its configuration, scenarios and store migrations, README, LICENSE and CHANGELOG, and nothing else", () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "CHANGELOG.md",
        "bin/wirewatch.js",
        "dist/src/cli/main.js",
        "dist/sim/server.js",
        "config/default.yaml",
        "config/examples/demo.yaml",
        "sim/scenarios/demo.yaml",
        "src/store/migrations/0001_initial.sql",
      ]),
    );
    const top = new Set(paths.map((p) => p.split("/")[0]));
    expect([...top].sort()).toEqual(
      ["CHANGELOG.md", "LICENSE", "README.md", "bin", "config", "dist", "package.json", "sim", "src"].sort(),
    );
    const unwanted = paths.filter(
      (p) =>
        /\.test\.|\.ts$|\.map$|tsbuildinfo/.test(p) ||
        (p.startsWith("sim/") && !p.startsWith("sim/scenarios/")) ||
        // Of the sources, only the state store's SQL migrations, which the compiled store reads at start.
        (p.startsWith("src/") && !/^src\/store\/migrations\/\d{4}_[\w-]+\.sql$/.test(p)),
    );
    expect(unwanted).toEqual([]);
  });

  it("installs without dev dependencies and runs `wirewatch --version` and `wirewatch demo` from there", async () => {
    const bin = join(app, "node_modules/wirewatch/bin/wirewatch.js");
    const installed = readdirSync(join(app, "node_modules"));
    expect(installed).not.toContain("typescript");
    expect(installed).not.toContain("vitest");
    expect(installed).not.toContain("tsx");

    const version = await runCli(["--version"], {}, app, bin);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);

    const before = readdirSync(app).sort();
    const scratch = tmp();
    const demo = await runCli(["demo"], { TMPDIR: scratch }, app, bin);
    expect(demo.code).toBe(0);
    for (const id of ["111111111111", "222222222222", "333333333333", "444444444444"])
      expect(demo.stdout).toContain(id);
    // Nothing left behind: no scratch folder, nothing new where it ran.
    expect(readdirSync(scratch)).toEqual([]);
    expect(readdirSync(app).sort()).toEqual(before);
  });
});
