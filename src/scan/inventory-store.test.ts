import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INVENTORY_UNREADABLE } from "../inventory/model.ts";
import { loadAccountInventory, parsePosition } from "./inventory-store.ts";

const ID = "222222222222";

function dirWith(text?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-inv-"));
  if (text !== undefined) writeFileSync(join(dir, `${ID}.json`), text);
  return dir;
}

describe("loadAccountInventory", () => {
  it.each([
    ["no file", undefined, undefined],
    ["a truncated file", '{"version":1,"accountId":"2222', { offset: 30, line: 1, column: 31 }],
    ["a stray character", '{\n  "version": 1,\n  x\n}', { line: 3, column: 3 }],
    ["valid JSON, not an inventory", '{"version":2}', undefined],
    ["another account's inventory", JSON.stringify({ version: 1, accountId: "333333333333" }), undefined],
  ])("%s: could not look, naming the file and where", async (_label, text, position) => {
    const dir = dirWith(text);
    const inv = await loadAccountInventory(dir, ID);
    expect(inv.accountId).toBe(ID);
    expect(inv.access.ok).toBe(false);
    if (inv.access.ok) return;
    expect(inv.access.error).toMatchObject({ code: INVENTORY_UNREADABLE, resource: join(dir, `${ID}.json`) });
    if (position) expect(inv.access.error.position).toMatchObject(position);
  });
});

describe("parsePosition", () => {
  it("takes the position from the parser's message, else the end of the text", () => {
    expect(parsePosition("ab\ncd", new Error("Unexpected token at position 4"))).toEqual({
      offset: 4,
      line: 2,
      column: 2,
    });
    expect(parsePosition("abc", new Error("Unexpected end of JSON input"))).toEqual({
      offset: 3,
      line: 1,
      column: 4,
    });
  });
});
