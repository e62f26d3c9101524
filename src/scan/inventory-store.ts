/**
 * Saved inventories (`--save-inventory DIR`): scope.json with what discovery found (written first: it is the list
 * of accounts the directory should hold), then one JSON file per account, written as each account completes.
 * `scan --inventory DIR` re-evaluates them without AWS; an account whose file is missing or damaged (an
 * interrupted save, a truncated copy) is reported as could-not-look, and every intact one is still evaluated.
 */
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import {
  unlookedInventory,
  INVENTORY_UNREADABLE,
  type AccountInventory,
  type CollectionError,
} from "../inventory/model.ts";
import type { Discovery } from "../discover/accounts.ts";
import { InputError } from "../errors.ts";

const readSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z
      .object({ service: z.string(), operation: z.string(), code: z.string(), message: z.string() })
      .loose(),
  }),
]);

const inventorySchema = z
  .object({
    version: z.literal(1),
    accountId: z.string().regex(/^\d{12}$/),
    collectedAt: z.string(),
    access: readSchema,
    enabledRegions: readSchema,
    regions: z.record(z.string(), z.object({ region: z.string(), trails: readSchema }).loose()),
    trailDetails: z.record(
      z.string(),
      z
        .object({
          arn: z.string(),
          ownerAccountId: z.string(),
          homeRegion: z.string(),
          status: readSchema,
          selectors: readSchema,
        })
        .loose(),
    ),
  })
  .loose();

const scopeSchema = z.object({
  organizationId: z.string().optional(),
  managementAccountId: z.string().optional(),
  accounts: z.array(
    z.object({
      id: z.string(),
      name: z.string().optional(),
      state: z.string(),
      scanned: z.boolean(),
      skipReason: z.string().optional(),
    }),
  ),
});

export class InventoryWriter {
  private ready?: Promise<void>;
  constructor(private readonly dir: string) {}

  private ensureDir(): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    return this.ready;
  }

  async writeScope(discovery: Discovery): Promise<void> {
    await this.ensureDir();
    await writeFile(join(this.dir, "scope.json"), JSON.stringify(discovery, null, 2));
  }

  async writeAccount(inv: AccountInventory): Promise<void> {
    await this.ensureDir();
    // Written beside and renamed into place, so an interrupted write never leaves a half file under the name.
    const path = join(this.dir, `${inv.accountId}.json`);
    await writeFile(`${path}.partial`, JSON.stringify(inv));
    await rename(`${path}.partial`, path);
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function explain(path: string, error: z.ZodError): InputError {
  const issues = error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n");
  return new InputError(`${path} is not a wirewatch inventory:\n${issues}`);
}

export async function readScope(dir: string): Promise<Discovery> {
  const path = join(dir, "scope.json");
  const parsed = scopeSchema.safeParse(await readJson(path));
  if (!parsed.success) throw explain(path, parsed.error);
  return parsed.data as Discovery;
}

export async function listInventoryFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new InputError(`cannot read inventory directory ${dir}: ${(err as Error).message}`);
  }
  return names.filter((n) => /^\d{12}\.json$/.test(n)).sort();
}

/** Where JSON.parse stopped, as offset, line and column (1-based); the end of the text when it ran out. */
export function parsePosition(text: string, err: Error): { offset: number; line: number; column: number } {
  const m = /position (\d+)/.exec(err.message);
  const offset = m ? Number(m[1]) : text.length;
  const before = text.slice(0, offset).split("\n");
  return { offset, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** An account whose saved inventory could not be read: nothing about it is known, and the report says so. */
export function unreadableInventory(
  accountId: string,
  file: string,
  why: string,
  position?: CollectionError["position"],
): AccountInventory {
  const error: CollectionError = {
    service: "wirewatch",
    operation: "ReadSavedInventory",
    code: INVENTORY_UNREADABLE,
    message: why,
    resource: file,
    ...(position ? { position } : {}),
  };
  return unlookedInventory(accountId, error);
}

/**
 * One account's saved inventory, never throwing: a missing, unparsable or invalid file becomes an unreadable
 * inventory whose error names the file and where in it the problem is.
 */
export async function loadAccountInventory(dir: string, accountId: string): Promise<AccountInventory> {
  const path = join(dir, `${accountId}.json`);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return unreadableInventory(accountId, path, code === "ENOENT" ? "no file" : (err as Error).message);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const at = parsePosition(text, err as Error);
    return unreadableInventory(
      accountId,
      path,
      `not valid JSON at line ${at.line} column ${at.column} (offset ${at.offset} of ${text.length})`,
      at,
    );
  }
  const parsed = inventorySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return unreadableInventory(
      accountId,
      path,
      `not a wirewatch inventory at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
    );
  }
  if (parsed.data.accountId !== accountId) {
    return unreadableInventory(accountId, path, `holds account ${parsed.data.accountId}`);
  }
  return parsed.data as unknown as AccountInventory;
}
