/**
 * Forward-only migrations: numbered files in src/store/migrations (NNNN_name.sql), applied at start in order,
 * each in the one transaction that holds a transaction-level advisory lock, and recorded in
 * wirewatch_schema_versions. Two processes starting at once apply each migration once. Add a table by adding the
 * next numbered file; never edit an applied one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { packagePath } from "../paths.ts";
import type { Sql } from "./sql.ts";

/** Arbitrary, fixed: the advisory lock key of migrations. */
const MIGRATION_LOCK = 7_400_120_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function bundledMigrations(dir = packagePath("src/store/migrations")): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 4)),
      name: f.slice(5, -4),
      sql: readFileSync(`${dir}/${f}`, "utf8"),
    }));
}

/** Applies what is missing; returns the versions applied now. */
export async function migrate(sql: Sql, migrations = bundledMigrations()): Promise<number[]> {
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS wirewatch_schema_versions (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await tx.query<{ version: number }>("SELECT version FROM wirewatch_schema_versions")).map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO wirewatch_schema_versions (version, name) VALUES ($1, $2)", [
        m.version,
        m.name,
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
