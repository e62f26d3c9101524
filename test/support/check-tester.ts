/**
 * Table tests for checks, in the spirit of ESLint's RuleTester: each case is an inventory and the exact findings
 * expected, asserted on message ids and data, never on English. Inputs are deep-frozen so a check that mutates
 * the inventory fails; duplicate case names are an error.
 */
import { describe, expect, it } from "vitest";
import type { Check, EvaluationInput, Finding, Status } from "../../src/engine/check.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";

export interface ExpectedFinding {
  messageId: string;
  region?: string;
  resource?: string;
  data?: Record<string, unknown>;
}

export interface CheckCase {
  name: string;
  input: EvaluationInput;
  /** For invalid and error cases: the findings of that status, in order. */
  findings?: ExpectedFinding[];
}

export interface CheckCases {
  valid?: CheckCase[];
  invalid?: CheckCase[];
  error?: CheckCase[];
  notApplicable?: CheckCase[];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function run(check: Check, input: EvaluationInput): Finding[] {
  deepFreeze(input.inventory);
  deepFreeze(input.baseline);
  return evaluateAccount([check], input);
}

function assertFindings(findings: Finding[], status: Status, expected: ExpectedFinding[] | undefined): void {
  const got = findings.filter((f) => f.status === status);
  expect(got.length, `expected ${status} findings`).toBeGreaterThan(0);
  if (!expected) return;
  expect(
    got.map((f) => ({ messageId: f.messageId, region: f.region, resource: f.resource, data: f.data })),
  ).toEqual(
    expected.map((e, i) => ({
      messageId: e.messageId,
      region: e.region ?? got[i]?.region,
      resource: e.resource ?? got[i]?.resource,
      data: e.data ? expect.objectContaining(e.data) : got[i]?.data,
    })),
  );
}

export function checkTester(check: Check, cases: CheckCases): void {
  const names = new Set<string>();
  for (const c of Object.values(cases).flat() as CheckCase[]) {
    if (names.has(c.name)) throw new Error(`${check.meta.id}: duplicate test case name "${c.name}"`);
    names.add(c.name);
  }
  describe(check.meta.id, () => {
    for (const c of cases.valid ?? []) {
      it(`valid: ${c.name}`, () => {
        const findings = run(check, c.input);
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.filter((f) => f.status !== "pass")).toEqual([]);
      });
    }
    for (const c of cases.invalid ?? []) {
      it(`invalid: ${c.name}`, () => {
        const findings = run(check, c.input);
        expect(findings.filter((f) => f.status === "error")).toEqual([]);
        assertFindings(findings, "fail", c.findings);
        for (const f of findings.filter((x) => x.status === "fail")) {
          expect(Object.keys(check.meta.messages)).toContain(f.messageId);
        }
      });
    }
    for (const c of cases.error ?? []) {
      it(`error: ${c.name}`, () => assertFindings(run(check, c.input), "error", c.findings));
    }
    for (const c of cases.notApplicable ?? []) {
      it(`not applicable: ${c.name}`, () => {
        const findings = run(check, c.input);
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.every((f) => f.status === "not_applicable")).toBe(true);
      });
    }
  });
}
