import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { confirm, requireConfirmation } from "../../src/cli/remediate.ts";
import { UsageError } from "../../src/errors.ts";

describe("apply confirmation", () => {
  it.each([
    ["yes\n", true],
    ["y\n", false],
    ["YES please\n", false],
    ["\n", false],
  ])("answer %j confirms: %s", async (answer, expected) => {
    const input = new PassThrough();
    const output = new PassThrough();
    const asked = confirm("Apply 3 changes? ", input, output);
    input.end(answer);
    expect(await asked).toBe(expected);
  });

  it("refuses to apply unconfirmed outside a terminal, unless --yes", () => {
    expect(() => requireConfirmation(false, undefined)).toThrow(UsageError);
    expect(() => requireConfirmation(false, true)).not.toThrow();
    expect(() => requireConfirmation(true, undefined)).not.toThrow();
  });
});
