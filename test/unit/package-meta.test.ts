// What the package says about itself agrees with the files beside it: the licence, the changelog tooling, and the
// default report folder kept out of git.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.ts";
import { ROOT } from "../support/cli.ts";

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const pkg = JSON.parse(read("package.json")) as {
  license: string;
  files: string[];
  devDependencies: Record<string, string>;
};

describe("the package", () => {
  it("carries the full Apache-2.0 text its package.json names", () => {
    expect(pkg.license).toBe("Apache-2.0");
    const license = read("LICENSE");
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
    expect(license).toContain("9. Accepting Warranty or Additional Liability.");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });

  it("keeps its changelog with changesets", () => {
    expect(Object.keys(pkg.devDependencies)).toContain("@changesets/cli");
    const config = JSON.parse(read(".changeset/config.json")) as { baseBranch: string; changelog: string };
    expect(config).toMatchObject({ baseBranch: "main", changelog: "@changesets/cli/changelog" });
    expect(read("CHANGELOG.md")).toMatch(/^# wirewatch\n/);
  });

  it("ships README, LICENSE and the runtime folders, never source maps or build state", () => {
    expect(pkg.files).toEqual(expect.arrayContaining(["bin/", "dist/", "config/", "sim/scenarios/"]));
    expect(pkg.files).toEqual(expect.arrayContaining(["!dist/.tsbuildinfo", "!dist/**/*.map"]));
  });
});

describe(".gitignore", () => {
  it("ignores the default report folder, so a scan from the repository root leaves nothing untracked", () => {
    const outputDir = loadConfig().report.outputDir;
    // Exit 0 when ignored; a thrown error (exit 1) fails the test.
    const ignored = execFileSync(
      "git",
      ["check-ignore", "--no-index", join(outputDir, "wirewatch-report.json")],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    expect(ignored.trim()).toBe(join(outputDir, "wirewatch-report.json"));
  });
});
