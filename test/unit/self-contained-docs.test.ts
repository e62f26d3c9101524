// The repository explains itself: no file may send a reader to a design note that is not in the repository.
// Comments cite AWS's documentation pages by URL, and architectural rules point to docs/architecture.md.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.ts";

// Built from parts so that this file does not name what it forbids.
const OUTSIDE_NOTES = ["design", "aws-facts"].map((n) => `${n}.md`);
const pattern = new RegExp(OUTSIDE_NOTES.map((n) => n.replace(".", "\\.")).join("|"), "i");

/** Files in git, plus new files not yet committed (so the test bites before the commit does). */
function repositoryFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return out.split("\0").filter(Boolean);
}

describe("the repository's documentation", () => {
  it("cites no document outside the repository", () => {
    const files = repositoryFiles();
    expect(files).toContain("docs/architecture.md");
    const offenders: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), "utf8");
      } catch {
        continue; // listed but deleted in the work tree
      }
      if (text.includes("\0")) continue; // binary
      text.split("\n").forEach((line, i) => {
        if (pattern.test(line)) offenders.push(`${file}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
