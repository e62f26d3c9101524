import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.ts";
import { requireWritableDir, requireWritableFile, writeOrKeep } from "../../src/cli/output-paths.ts";
import { UsageError } from "../../src/errors.ts";

const scratch = () => mkdtempSync(join(tmpdir(), "wirewatch-out-"));

function io(): { io: Io; stdout: () => string } {
  let out = "";
  const sink = (keep: boolean) =>
    new Writable({
      write(chunk: Buffer, _e, done) {
        if (keep) out += chunk.toString();
        done();
      },
    });
  return { io: { stdout: sink(true), stderr: sink(false), env: {} } as unknown as Io, stdout: () => out };
}

describe("output paths checked before a scan", () => {
  it("creates a missing directory, nested", async () => {
    const dir = join(scratch(), "a", "b");
    await requireWritableDir(dir, "--output");
    await requireWritableDir(dir, "--output"); // and accepts it once it exists
  });

  it.each([
    ["a directory flag naming a file", "dir", "--output"],
    ["a directory under a file", "under", "--save-inventory"],
  ])("refuses %s as a usage error naming the flag and path", async (_name, kind, what) => {
    const root = scratch();
    const file = join(root, "report.json");
    writeFileSync(file, "{}");
    const path = kind === "dir" ? file : join(file, "inner");
    const err = await requireWritableDir(path, what).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message.startsWith(`${what} ${path}:`)).toBe(true);
  });

  it("refuses a plan file path that is a directory", async () => {
    const dir = scratch();
    await expect(requireWritableFile(dir, "--out")).rejects.toBeInstanceOf(UsageError);
    await requireWritableFile(join(dir, "new", "plan.json"), "--out");
  });
});

describe("writeOrKeep: a finished report is never discarded", () => {
  it("writes where asked", async () => {
    const dir = scratch();
    const r = await writeOrKeep(join(dir, "r.json"), "{1}", io().io, "JSON report", []);
    expect(r).toEqual({ path: join(dir, "r.json") });
    expect(readFileSync(join(dir, "r.json"), "utf8")).toBe("{1}");
  });

  it("saves beside when the place asked for became unusable", async () => {
    const root = scratch();
    writeFileSync(join(root, "blocker"), "");
    const beside = join(root, "beside");
    mkdirSync(beside);
    const r = await writeOrKeep(join(root, "blocker", "r.json"), "{2}", io().io, "JSON report", [beside]);
    expect(r.path).toBe(join(beside, "r.json"));
    expect(r.fallback?.error).toBe("EEXIST");
    expect(readFileSync(join(beside, "r.json"), "utf8")).toBe("{2}");
  });

  it("prints it when nowhere can take it", async () => {
    const root = scratch();
    writeFileSync(join(root, "blocker"), "");
    const out = io();
    const blocked = join(root, "blocker");
    const r = await writeOrKeep(join(blocked, "r.json"), "{3}", out.io, "JSON report", [blocked]);
    expect(r).toEqual({ path: null, fallback: { error: "EEXIST", to: "stdout" } });
    expect(out.stdout()).toBe("{3}");
  });
});
