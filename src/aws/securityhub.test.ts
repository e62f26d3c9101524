import { describe, expect, it } from "vitest";
import type { AccountClients } from "./layer.ts";
import { IMPORT_BATCH_SIZE, importFindings } from "./securityhub.ts";

/** Clients whose Security Hub answers each call from `answer`, recording the batches sent. */
function stub(
  answer: (ids: string[]) => {
    SuccessCount: number;
    FailedFindings: Array<{ Id: string; ErrorCode: string; ErrorMessage: string }>;
  },
) {
  const batches: string[][] = [];
  const client = {
    send: async (command: { input: { Findings: Array<{ Id: string }> } }) => {
      const ids = command.input.Findings.map((f) => f.Id);
      batches.push(ids);
      return answer(ids);
    },
  };
  const clients = { get: (service: string) => (service === "securityhub" ? client : undefined) };
  return { clients: clients as unknown as AccountClients, batches };
}

describe("importFindings", () => {
  it("sends at most 100 findings a call, in order", async () => {
    const { clients, batches } = stub((ids) => ({ SuccessCount: ids.length, FailedFindings: [] }));
    const findings = Array.from({ length: 250 }, (_, i) => ({ Id: `f${i}` }));
    const r = await importFindings(clients, "us-east-1", findings);
    expect(IMPORT_BATCH_SIZE).toBe(100);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(findings.map((f) => f.Id));
    expect(r).toEqual({ imported: 250, failed: [] });
  });

  it("reports the findings Security Hub refused, by id and code", async () => {
    const { clients } = stub((ids) => ({
      SuccessCount: ids.length - 1,
      FailedFindings: [{ Id: ids[0]!, ErrorCode: "InvalidInput", ErrorMessage: "bad" }],
    }));
    const r = await importFindings(clients, "us-east-1", [{ Id: "a" }, { Id: "b" }]);
    expect(r).toEqual({ imported: 1, failed: [{ id: "a", code: "InvalidInput", message: "bad" }] });
  });
});
