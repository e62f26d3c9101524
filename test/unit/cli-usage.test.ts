/** Usage errors and exit codes, through the CLI's `main(argv, io)` in-process: nothing here reaches AWS. */
import { describe, expect, it } from "vitest";
import { runMain } from "../support/main.ts";

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
