import { describe, expect, it } from "vitest";
import { CHECKS } from "../../checks/index.ts";
import { evaluateAccount } from "../engine/evaluate.ts";
import { CONTROL_API_CALLS } from "../samples/api-calls.ts";
import { ALARM_MESSAGE_IDS } from "./control.ts";
import { ALARM_CONTROLS, findAlarmControl } from "./controls.ts";
import { judgeFilter } from "./judge.ts";
import { BACKGROUND } from "./samples.ts";
import { alarmCheckCases } from "../../test/support/alarm-tables.ts";

const all = (c: (typeof ALARM_CONTROLS)[number]) => [...c.positives, ...c.negatives, ...(c.tolerated ?? [])];

describe("the 15 CIS 4.x alarm controls", () => {
  it("are the catalogue's ids (docs/checks.md), CIS 4.1 to 4.15 in order, each registered as alarms.<id>", () => {
    expect(ALARM_CONTROLS.map((c) => c.id)).toEqual([
      "unauthorized-api-calls",
      "console-signin-without-mfa",
      "root-usage",
      "iam-policy-changes",
      "cloudtrail-config-changes",
      "console-auth-failures",
      "cmk-disable-or-deletion",
      "s3-bucket-policy-changes",
      "config-changes",
      "security-group-changes",
      "nacl-changes",
      "network-gateway-changes",
      "route-table-changes",
      "vpc-changes",
      "organizations-changes",
    ]);
    expect(ALARM_CONTROLS.map((c) => c.cis)).toEqual(ALARM_CONTROLS.map((_, i) => `4.${i + 1}`));
    for (const c of ALARM_CONTROLS) expect(CHECKS).toContain(c.check);
    expect(findAlarmControl("alarms.root-usage")?.id).toBe("root-usage");
  });

  it.each(ALARM_CONTROLS.map((c) => [c.id, c] as const))(
    "%s: its canonical pattern satisfies it and matches no ordinary event",
    (_id, c) => {
      const v = judgeFilter(c, c.canonicalPattern);
      expect(v).toMatchObject({ satisfied: true, backgroundMatched: [] });
    },
  );

  it("no control's canonical pattern satisfies another control", () => {
    for (const c of ALARM_CONTROLS) {
      const others = ALARM_CONTROLS.filter((o) => o !== c && judgeFilter(c, o.canonicalPattern).satisfied);
      expect(
        others.map((o) => o.id),
        c.id,
      ).toEqual([]);
    }
  });

  it.each(Object.entries(CONTROL_API_CALLS))(
    "%s: a positive sample for every call CONTROL_API_CALLS names, from its event source",
    (id, calls) => {
      const c = findAlarmControl(id)!;
      for (const call of calls) {
        expect(
          c.positives.some(
            (s) => s.record.eventSource === call.eventSource && s.record.eventName === call.eventName,
          ),
          `${id} ${call.eventName}`,
        ).toBe(true);
      }
    },
  );

  it("every control has a read among its near misses, and the source-pinned ones a wrong-source call", () => {
    for (const c of ALARM_CONTROLS) {
      expect(c.negatives.length, c.id).toBeGreaterThan(0);
      if (CONTROL_API_CALLS[c.id]) {
        expect(
          c.negatives.some((s) => s.record.readOnly === true),
          c.id,
        ).toBe(true);
      }
    }
    for (const id of [
      "cmk-disable-or-deletion",
      "s3-bucket-policy-changes",
      "config-changes",
      "organizations-changes",
    ]) {
      const c = findAlarmControl(id)!;
      const sources = new Set(c.positives.map((s) => s.record.eventSource));
      const names = new Set(c.positives.map((s) => s.record.eventName));
      expect(
        c.negatives.some((s) => names.has(s.record.eventName) && !sources.has(s.record.eventSource)),
        id,
      ).toBe(true);
    }
  });

  it("sign-in and root records carry the fields real ones do", () => {
    const records = ALARM_CONTROLS.flatMap(all).map((s) => s.record);
    const logins = records.filter((r) => r.eventName === "ConsoleLogin");
    expect(logins.length).toBeGreaterThan(5);
    for (const r of logins) {
      expect(r).toMatchObject({
        eventSource: "signin.amazonaws.com",
        eventType: "AwsConsoleSignIn",
        responseElements: { ConsoleLogin: expect.stringMatching(/^(Success|Failure)$/) },
        additionalEventData: { MFAUsed: expect.stringMatching(/^(Yes|No)$/) },
      });
      const failed = (r.responseElements as { ConsoleLogin: string }).ConsoleLogin === "Failure";
      expect(r.errorMessage).toBe(failed ? "Failed authentication" : undefined);
    }
    const root = findAlarmControl("root-usage")!;
    for (const s of root.positives) expect(s.record.userIdentity).toMatchObject({ type: "Root" });
    const denied = findAlarmControl("unauthorized-api-calls")!.positives.map((s) => s.record.errorCode);
    expect(denied).toEqual(expect.arrayContaining(["Client.UnauthorizedOperation", "AccessDenied"]));
  });

  it("the background is ordinary: no root, no error, no sign-in, no call any control names", () => {
    const named = new Set(Object.values(CONTROL_API_CALLS).flatMap((cs) => cs.map((c) => c.eventName)));
    for (const s of BACKGROUND) {
      const r = s.record;
      expect((r.userIdentity as { type: string }).type, s.name).not.toBe("Root");
      expect(r.errorCode, s.name).toBeUndefined();
      expect(r.eventSource, s.name).not.toBe("signin.amazonaws.com");
      expect(named.has(String(r.eventName)), s.name).toBe(false);
    }
  });

  it("the shared check tables report every message id an alarm check declares, each fully filled in", () => {
    const c = ALARM_CONTROLS[0]!;
    const findings = Object.values(alarmCheckCases(c))
      .flat()
      .flatMap((k) => evaluateAccount([c.check], k.input));
    const seen = new Set(findings.map((f) => f.messageId));
    expect([...ALARM_MESSAGE_IDS].filter((id) => !seen.has(id))).toEqual([]);
    // Every {placeholder} of every template has its data.
    expect(findings.filter((f) => /\{\w+\}/.test(f.message)).map((f) => f.messageId)).toEqual([]);
  });
});
