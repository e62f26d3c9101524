/**
 * Saved inventories (`--save-inventory DIR`): one JSON file per account, written as each account completes,
 * plus scope.json with what discovery found. `scan --inventory DIR` re-evaluates them without AWS.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { AccountInventory } from "../inventory/model.ts";
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
    await writeFile(join(this.dir, `${inv.accountId}.json`), JSON.stringify(inv));
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

export async function readAccountInventory(dir: string, file: string): Promise<AccountInventory> {
  const path = join(dir, file);
  const parsed = inventorySchema.safeParse(await readJson(path));
  if (!parsed.success) throw explain(path, parsed.error);
  return parsed.data as unknown as AccountInventory;
}
