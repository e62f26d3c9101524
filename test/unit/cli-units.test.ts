import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.ts";
import { parseFormats, progressPrinter } from "../../src/cli/scan-command.ts";
import { UsageError } from "../../src/errors.ts";
import type { ScanReport } from "../../src/report/model.ts";
import { exitCodeFor } from "../../src/report/build.ts";

function fakeIo(tty: boolean) {
  let text = "";
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _e, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY: tty },
  );
  const io: Io = { stdout: stream, stderr: stream, env: {} };
  return { io, text: () => text };
}

describe("progress line", () => {
  it("updates in place on a terminal", () => {
    const { io, text } = fakeIo(true);
    const p = progressPrinter(io);
    p.update?.({ accountsDone: 3, accountsTotal: 10, calls: 42, throttles: 1 });
    p.done();
    expect(text()).toContain("\r\x1b[2Kscanning: 3/10 accounts, 42 calls, 1 throttled");
  });

  it("prints nothing when the output is not a terminal", () => {
    const { io, text } = fakeIo(false);
    const p = progressPrinter(io);
    expect(p.update).toBeUndefined();
    p.done();
    expect(text()).toBe("");
  });
});

describe("parseFormats", () => {
  it("accepts known formats and names an unknown one", () => {
    expect(parseFormats("console, json")).toEqual(["console", "json"]);
    expect(() => parseFormats("json,xml")).toThrow(UsageError);
    expect(() => parseFormats("json,xml")).toThrow(/"xml"/);
  });

  it.each([",", "", " , "])("refuses a list that names no format (%j)", (value) => {
    expect(() => parseFormats(value)).toThrow(UsageError);
  });
});

describe("exitCodeFor", () => {
  const report = (fails: Partial<Record<string, number>>, incomplete = false) =>
    ({
      summary: {
        incomplete,
        failuresBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0, ...fails },
      },
    }) as unknown as ScanReport;

  it.each([
    [{}, false, "low", 0],
    [{ medium: 1 }, false, "low", 1],
    [{ medium: 1 }, false, "high", 0],
    [{ critical: 1 }, false, "high", 1],
    [{ info: 2 }, false, "low", 0],
    [{ info: 2 }, false, "info", 1],
    [{ critical: 1 }, true, "low", 2],
    [{}, true, "critical", 2],
  ] as const)("%j incomplete=%s fail-on %s -> %i", (fails, incomplete, failOn, code) => {
    expect(exitCodeFor(report(fails, incomplete), failOn)).toBe(code);
  });
});
