/** The embedded backend: PGlite persisted to a directory (https://pglite.dev/docs/filesystems). */
import { PGlite } from "@electric-sql/pglite";
import { inTransaction, type Sql } from "./sql.ts";

export async function openPglite(dir: string): Promise<Sql> {
  const db = await PGlite.create(dir);
  const sql: Sql = {
    backend: "pglite",
    async query<T extends object>(text: string, params: unknown[] = []) {
      return (await db.query<T>(text, params)).rows;
    },
    async exec(text) {
      await db.exec(text);
    },
    // One session, one caller at a time: explicit BEGIN/COMMIT like the server backend.
    transaction: (fn) => inTransaction(sql, fn),
    close: () => db.close(),
  };
  return sql;
}
