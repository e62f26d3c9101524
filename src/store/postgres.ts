/** The server backend: one `pg` session (advisory locks are held by a session), TLS as configured. */
import { readFileSync } from "node:fs";
import pg from "pg";
import { inTransaction, type Sql } from "./sql.ts";

export interface PostgresOptions {
  url: string;
  password?: string;
  tls?: { enabled: boolean; rejectUnauthorized: boolean; caFile?: string };
  connectTimeoutMs?: number;
}

export async function openPostgres(opts: PostgresOptions): Promise<Sql> {
  const client = new pg.Client({
    connectionString: opts.url,
    password: opts.password,
    ssl: opts.tls?.enabled
      ? {
          rejectUnauthorized: opts.tls.rejectUnauthorized,
          ca: opts.tls.caFile ? readFileSync(opts.tls.caFile, "utf8") : undefined,
        }
      : undefined,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    application_name: "wirewatch",
  });
  // A dropped connection must not crash the process; the next query fails instead.
  client.on("error", () => undefined);
  await client.connect();
  const sql: Sql = {
    backend: "postgres",
    async query<T extends object>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[];
    },
    async exec(text) {
      await client.query(text);
    },
    transaction: (fn) => inTransaction(sql, fn),
    close: () => client.end(),
  };
  return sql;
}
