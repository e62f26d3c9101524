import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.ts";
import { progressPrinter, secondsLeft } from "../../src/cli/progress.ts";
import { parseFormats } from "../../src/cli/scan-command.ts";
import { createLogger } from "../../src/log.ts";
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

describe("progress", () => {
  const step = (done: number) => ({ accountsDone: done, accountsTotal: 10, calls: 42, throttles: 1 });

  it("updates one line in place on a terminal, with the time left at the pace so far", () => {
    const { io, text } = fakeIo(true);
    let t = 0;
    const p = progressPrinter(io, createLogger({ level: "silent" }), { now: () => t });
    t = 6_000;
    p.update?.(step(3));
    p.done();
    expect(text()).toBe("\r\x1b[2Kscanning: 3/10 accounts, 42 calls, 1 throttled, about 14 s left\r\x1b[2K");
  });

  it("logs a line at most every interval elsewhere, at info under the default warn level, and the last one", () => {
    const { io, text } = fakeIo(false);
    let t = 0;
    const logger = createLogger({ level: "warn", destination: io.stderr });
    const p = progressPrinter(io, logger, { now: () => t, everyMs: 10_000 });
    for (const [at, done] of [
      [1_000, 1],
      [10_500, 2],
      [12_000, 3],
      [15_000, 10],
    ] as const) {
      t = at;
      p.update?.(step(done));
    }
    const lines = text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { level: number; msg: string; accountsDone: number; secondsLeft: number });
    expect(lines.map((l) => [l.level, l.msg, l.accountsDone, l.secondsLeft])).toEqual([
      [30, "scan progress", 2, 42],
      [30, "scan progress", 10, 0],
    ]);
  });

  it("says nothing when logging is silent", () => {
    const { io, text } = fakeIo(false);
    const p = progressPrinter(io, createLogger({ level: "silent", destination: io.stderr }));
    expect(p.update).toBeUndefined();
    expect(text()).toBe("");
  });

  it.each([
    [0, 10, 5_000, undefined],
    [5, 10, 5_000, 5],
    [10, 10, 5_000, 0],
  ])("secondsLeft with %i of %i done after %i ms is %s", (done, total, elapsed, left) => {
    expect(secondsLeft({ accountsDone: done, accountsTotal: total, calls: 0, throttles: 0 }, elapsed)).toBe(
      left,
    );
  });
});

describe("parseFormats", () => {
  it("accepts known formats and names an unknown one", () => {
    expect(parseFormats("console, json")).toEqual(["console", "json"]);
    expect(parseFormats("sarif,junit,markdown,sarif")).toEqual(["sarif", "junit", "markdown"]);
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
    [{ critical: 3 }, false, "none", 0],
    [{ critical: 3 }, true, "none", 2],
  ] as const)("%j incomplete=%s fail-on %s -> %i", (fails, incomplete, failOn, code) => {
    expect(exitCodeFor(report(fails, incomplete), failOn)).toBe(code);
  });
});
