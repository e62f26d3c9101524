import { describe, expect, it } from "vitest";
import { stubCheck } from "../support/stub-check.ts";
import type { Finding } from "../../src/engine/check.ts";
import { coverageFor, latencyOf } from "../../src/engine/coverage.ts";

const check = stubCheck;

const CHECKS = [
  check("archive.decider", { paths: { archive: "decides" } }),
  check("archive.breaker", { paths: { archive: "breaks" } }),
  check("archive.weakener", { paths: { archive: "degrades" } }),
  check("org.reach", { obscuresCoverage: true }),
];

const finding = (checkId: string, status: Finding["status"], region = "us-east-1"): Finding => ({
  id: `${checkId}:0000000000000000`,
  checkId,
  status,
  severity: "high",
  accountId: "222222222222",
  region,
  resource: "r",
  messageId: "m",
  message: "m",
  data: {},
  evidence: {},
  remediationId: null,
  suppressed: false,
});

describe("coverageFor", () => {
  it.each([
    ["all passing", [finding("archive.decider", "pass")], "ok", "~15 min"],
    ["the deciding check fails", [finding("archive.decider", "fail")], "blind", "none"],
    ["a breaking check fails account-wide", [finding("archive.breaker", "fail", "global")], "blind", "none"],
    ["a degrading check fails", [finding("archive.weakener", "fail")], "degraded", "~15 min"],
    ["a check could not look", [finding("archive.breaker", "error")], "unknown", "unknown"],
    [
      "blind wins over unknown",
      [finding("archive.decider", "fail"), finding("archive.breaker", "error")],
      "blind",
      "none",
    ],
    [
      "the region could not be read",
      [finding("org.reach", "fail"), finding("archive.decider", "fail")],
      "unknown",
      "unknown",
    ],
    ["a finding in another region", [finding("archive.decider", "fail", "eu-west-1")], "ok", "~15 min"],
  ] as const)("%s", (_label, findings, state, latency) => {
    const [cell] = coverageFor("222222222222", ["us-east-1"], findings, CHECKS);
    expect(cell?.paths).toEqual({ archive: state, log: "unchecked", alarm: "unchecked", fast: "unchecked" });
    expect(cell?.latency).toBe(latency);
  });

  it("marks an account with no readable region as one unknown row", () => {
    const cells = coverageFor("222222222222", [], [finding("org.reach", "fail", "global")], CHECKS);
    expect(cells).toEqual([
      {
        accountId: "222222222222",
        region: "*",
        paths: { archive: "unknown", log: "unchecked", alarm: "unchecked", fast: "unchecked" },
        latency: "unknown",
      },
    ]);
  });
});

describe("latencyOf", () => {
  it.each([
    [{ archive: "ok", log: "ok", alarm: "ok", fast: "ok" }, "seconds"],
    [{ archive: "ok", log: "degraded", alarm: "ok", fast: "blind" }, "minutes"],
    [{ archive: "blind", log: "blind", alarm: "ok", fast: "blind" }, "~15 min"],
    [{ archive: "blind", log: "blind", alarm: "blind", fast: "blind" }, "none"],
    [{ archive: "blind", log: "unknown", alarm: "blind", fast: "unchecked" }, "unknown"],
  ] as const)("%j -> %s", (paths, latency) => {
    expect(latencyOf(paths)).toBe(latency);
  });
});

describe("a path decided by several checks", () => {
  const many = [
    check("alarm.one", { paths: { alarm: "decides" } }),
    check("alarm.two", { paths: { alarm: "decides" } }),
    check("trail.logs", { paths: { alarm: "breaks" } }),
  ];
  it.each([
    ["all pass", [finding("alarm.one", "pass"), finding("alarm.two", "pass")], "ok"],
    ["one of two fails", [finding("alarm.one", "fail"), finding("alarm.two", "pass")], "degraded"],
    ["both fail", [finding("alarm.one", "fail"), finding("alarm.two", "fail")], "blind"],
    [
      "a breaking check fails",
      [finding("alarm.one", "pass"), finding("trail.logs", "fail", "global")],
      "blind",
    ],
  ] as const)("%s", (_label, findings, state) => {
    expect(coverageFor("222222222222", ["us-east-1"], findings, many)[0]?.paths.alarm).toBe(state);
  });
});
