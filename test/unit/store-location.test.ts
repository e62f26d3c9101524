/** Where the embedded store lives by default, and that reading history never creates one. */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.ts";
import { embeddedDir } from "../../src/store/store.ts";
import { runMain } from "../support/main.ts";

const state = (over: Record<string, unknown> = {}) => configSchema.parse({ state: over }).state;

describe("the embedded store's directory", () => {
  it("is state.dir when set, else state/ under WIREWATCH_DATA_DIR, XDG_DATA_HOME/wirewatch or ~/.local/share/wirewatch", () => {
    const env = { WIREWATCH_DATA_DIR: "/data", XDG_DATA_HOME: "/xdg", HOME: "/home/u" };
    expect(embeddedDir(state({ dir: "here/state" }), env)).toBe(resolve("here/state"));
    expect(embeddedDir(state(), env)).toBe("/data/state");
    expect(embeddedDir(state(), { XDG_DATA_HOME: "/xdg", HOME: "/home/u" })).toBe("/xdg/wirewatch/state");
    expect(embeddedDir(state(), { HOME: "/home/u" })).toBe("/home/u/.local/share/wirewatch/state");
  });
});

describe("wirewatch history without a recorded scan", () => {
  it("lists no scans, exits 0, and creates nothing", async () => {
    const data = join(mkdtempSync(join(tmpdir(), "wirewatch-history-")), "data");
    const r = await runMain(["history", "--json"], { WIREWATCH_DATA_DIR: data });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ scope: "default", scans: [] });
    expect(existsSync(data)).toBe(false);
  });

  it("finds no finding, exit 1; a malformed id is a usage error, exit 3", async () => {
    const data = join(mkdtempSync(join(tmpdir(), "wirewatch-history-")), "data");
    const env = { WIREWATCH_DATA_DIR: data };
    expect((await runMain(["history", "cloudtrail.log-file-validation:0123456789abcdef"], env)).code).toBe(1);
    expect((await runMain(["history", "not-an-id"], env)).code).toBe(3);
    expect((await runMain(["history", "--limit", "0"], env)).code).toBe(3);
  });
});
