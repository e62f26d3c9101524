/**
 * One small query interface over both backends: PGlite (PostgreSQL compiled to WebAssembly, embedded, persisted
 * to a directory) and a PostgreSQL server through `pg`. Every query wirewatch runs is plain PostgreSQL with $n
 * parameters, so the same text serves both.
 */
export interface Sql {
  readonly backend: "pglite" | "postgres";
  query<T extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs fn inside BEGIN ... COMMIT on this session, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function inTransaction<T>(sql: Sql, fn: (tx: Sql) => Promise<T>): Promise<T> {
  await sql.exec("BEGIN");
  try {
    const result = await fn(sql);
    await sql.exec("COMMIT");
    return result;
  } catch (err) {
    await sql.exec("ROLLBACK").catch(() => undefined);
    throw err;
  }
}
