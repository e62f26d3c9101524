import { describe, expect, it } from "vitest";
import { CONTROL_API_CALLS, READ_API_CALLS, TAMPERING_API_CALLS } from "../samples/api-calls.ts";
import { LOG_PATH_SAMPLES } from "./log-samples.ts";

describe("LOG_PATH_SAMPLES", () => {
  it("holds every control, tampering and read call once, a console sign-in and an AccessDenied error", () => {
    const calls = [...Object.values(CONTROL_API_CALLS).flat(), ...TAMPERING_API_CALLS, ...READ_API_CALLS];
    const keys = new Set(calls.map((c) => `${c.eventSource}:${c.eventName}`));
    const sampleIds = LOG_PATH_SAMPLES.map((s) => s.id);
    expect(new Set(sampleIds).size).toBe(sampleIds.length);
    for (const k of keys) expect(sampleIds).toContain(k);
    expect(sampleIds.length).toBe(keys.size + 2);
    const parsed = LOG_PATH_SAMPLES.map((s) => JSON.parse(s.message) as Record<string, unknown>);
    expect(
      parsed.filter((r) => r.eventName === "ConsoleLogin" && r.eventType === "AwsConsoleSignIn"),
    ).toHaveLength(1);
    expect(parsed.filter((r) => r.errorCode === "AccessDenied")).toHaveLength(1);
  });
});
