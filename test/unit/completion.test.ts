/**
 * Shell completion made from the CLI's own commands: bash's is run for real (the function the script defines,
 * called as bash calls it), zsh's wraps it, fish's lists the same commands and flags.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../support/main.ts";

const script = async (shell: string) => {
  const r = await runMain(["completion", shell]);
  expect(r.code).toBe(0);
  return r.stdout;
};

/** COMPREPLY of the bash completion for the words typed so far (the last one being completed). */
function complete(bashScript: string, words: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-completion-"));
  const file = join(dir, "wirewatch.bash");
  writeFileSync(file, bashScript);
  const quoted = words.map((w) => `'${w}'`).join(" ");
  const out = execFileSync(
    "bash",
    [
      "-c",
      `source '${file}'; COMP_WORDS=(wirewatch ${quoted}); COMP_CWORD=${words.length}; _wirewatch; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: "utf8", cwd: dir },
  );
  return out.split("\n").filter(Boolean).sort();
}

describe("wirewatch completion", () => {
  it("completes commands, each command's flags, flag values and explain's ids in bash", async () => {
    const bash = await script("bash");
    expect(complete(bash, ["se"])).toEqual(["serve"]);
    expect(complete(bash, ["s"])).toEqual(["scan", "serve", "sim", "suppressions"]);
    expect(complete(bash, ["scan", "--fa"])).toEqual(["--fail-on"]);
    expect(complete(bash, ["scan", "--fail-on", "h"])).toEqual(["high"]);
    expect(complete(bash, ["scan", "--fail-on", "n"])).toEqual(["none"]);
    expect(complete(bash, ["doctor", "--format", ""])).toEqual(["console", "json"]);
    expect(complete(bash, ["explain", "cloudtrail.start"])).toEqual(["cloudtrail.start-logging"]);
    expect(complete(bash, ["explain", "alarms.root"])).toEqual(["alarms.root-usage"]);
    expect(complete(bash, ["--log-level", "de"])).toEqual(["debug"]);
    // A flag that takes a file completes paths (the script's own file, in its directory).
    expect(complete(bash, ["scan", "--config", "wire"])).toEqual(["wirewatch.bash"]);
  });

  it("makes zsh use the same function through bashcompinit, and fish the same commands and flags", async () => {
    const zsh = await script("zsh");
    expect(zsh.split("\n")[0]).toBe("#compdef wirewatch");
    expect(zsh).toContain("bashcompinit");
    expect(zsh).toContain("complete -F _wirewatch wirewatch");
    const fish = await script("fish");
    expect(fish).toMatch(/-a scan -d 'scan the organization/);
    expect(fish).toContain('-n "__fish_seen_subcommand_from scan" -l fail-on');
    expect(fish).toContain('-n "__fish_seen_subcommand_from scan" -l config');
    expect(fish).toMatch(/__fish_seen_subcommand_from explain" -a '[^']*alarms\.root-usage/);
  });

  it("refuses a shell it does not know with exit 3", async () => {
    const r = await runMain(["completion", "tcsh"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('not "tcsh"');
  });
});
