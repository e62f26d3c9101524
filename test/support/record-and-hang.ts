/**
 * Child process of the store's crash test: records a scan and, once inside the recording transaction, says so on
 * stdout and waits to be killed with SIGKILL.
 */
import { configSchema } from "../../src/config/schema.ts";
import { computeDrift } from "../../src/drift/compute.ts";
import { StateStore } from "../../src/store/store.ts";
import { finding, report } from "./store-fixtures.ts";

const state = configSchema.parse({ state: JSON.parse(process.env.WIREWATCH_TEST_STATE!) as object }).state;
const store = await StateStore.open(state);
const r = report("2026-01-01T01:00:00.000Z", [finding("c.one", "pass"), finding("c.two", "fail")]);
const result = computeDrift(r, await store.priorState(state.scope));
await store.beginScan(state.scope, r.scanId, r.startedAt, "aws");
const query = store.sql.query.bind(store.sql);
let writes = 0;
store.sql.query = (async (text: string, params?: unknown[]) => {
  const rows = await query(text, params);
  if (/^\s*(INSERT|UPDATE)/.test(text) && ++writes === 2) {
    process.stdout.write("in-transaction\n");
    await new Promise(() => undefined);
  }
  return rows;
}) as typeof store.sql.query;
await store.recordScan(state.scope, r, result);
