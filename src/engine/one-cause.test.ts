import { describe, expect, it } from "vitest";
import { stubCheck } from "../../test/support/stub-check.ts";
import type { Finding } from "./check.ts";
import { coverageFor } from "./coverage.ts";
import { BUDGET_MESSAGE_ID, foldSymptoms } from "./one-cause.ts";

const A = "222222222222";
const B = "333333333333";

const check = stubCheck;

const CHECKS = [
  check("org.account", { obscuresCoverage: true, scope: "account" }),
  check("org.region", { obscuresCoverage: true }),
  check("trail.logging", { paths: { archive: "decides" } }),
  check("alarm.root", { paths: { alarm: "decides" } }),
  check("alarm.iam", { paths: { alarm: "decides" } }),
];

const f = (
  checkId: string,
  status: Finding["status"],
  region = "eu-west-1",
  opts: { accountId?: string; messageId?: string } = {},
): Finding => ({
  id: `${checkId}:${opts.accountId ?? A}:${region}`,
  checkId,
  status,
  severity: "high",
  accountId: opts.accountId ?? A,
  region,
  resource: "r",
  messageId: opts.messageId ?? "m",
  message: "m",
  data: {},
  evidence: {},
  remediationId: null,
  suppressed: false,
});

const brief = (fs: Finding[]) => fs.map((x) => [x.checkId, x.accountId, x.region, x.status, x.hides ?? null]);

describe("foldSymptoms: one cause, one finding", () => {
  it.each<[string, Finding[], ReturnType<typeof brief>]>([
    [
      "a denied region hides the errors in that region only",
      [
        f("org.region", "fail"),
        f("trail.logging", "error"),
        f("alarm.root", "error"),
        f("alarm.iam", "error"),
        f("alarm.iam", "error", "us-east-1"),
      ],
      [
        ["org.region", A, "eu-west-1", "fail", ["alarm.iam", "alarm.root", "trail.logging"]],
        ["alarm.iam", A, "us-east-1", "error", null],
      ],
    ],
    [
      "a region that erred (not denied) is a cause too",
      [f("org.region", "error"), f("trail.logging", "error")],
      [["org.region", A, "eu-west-1", "error", ["trail.logging"]]],
    ],
    [
      "a failure read from elsewhere (an organization trail) stays beside the cause",
      [f("org.region", "fail"), f("trail.logging", "fail")],
      [
        ["org.region", A, "eu-west-1", "fail", null],
        ["trail.logging", A, "eu-west-1", "fail", null],
      ],
    ],
    [
      "a readable region hides nothing",
      [f("org.region", "pass"), f("trail.logging", "error")],
      [
        ["org.region", A, "eu-west-1", "pass", null],
        ["trail.logging", A, "eu-west-1", "error", null],
      ],
    ],
    [
      "an account-wide cause hides its account's errors in every region, not another account's",
      [
        f("org.account", "fail", "global"),
        f("trail.logging", "error", "us-east-1"),
        f("alarm.root", "error", "global"),
        f("trail.logging", "error", "us-east-1", { accountId: B }),
      ],
      [
        ["org.account", A, "global", "fail", ["alarm.root", "trail.logging"]],
        ["trail.logging", B, "us-east-1", "error", null],
      ],
    ],
    [
      "two unreadable regions are two causes",
      [f("org.region", "fail"), f("org.region", "fail", "us-east-1"), f("alarm.root", "error", "us-east-1")],
      [
        ["org.region", A, "eu-west-1", "fail", null],
        ["org.region", A, "us-east-1", "fail", ["alarm.root"]],
      ],
    ],
    [
      "a spent budget hides the other budget findings, not an error with its own cause",
      [
        f("alarm.root", "error", "global", { messageId: BUDGET_MESSAGE_ID }),
        f("alarm.iam", "error", "global", { messageId: BUDGET_MESSAGE_ID }),
        f("trail.logging", "error", "global", { messageId: "checkCrashed" }),
      ],
      [
        ["alarm.root", A, "global", "error", ["alarm.iam"]],
        ["trail.logging", A, "global", "error", null],
      ],
    ],
  ])("%s", (_name, findings, expected) => {
    expect(brief(foldSymptoms(findings, CHECKS))).toEqual(expected);
  });

  it("leaves the coverage of a hidden check unknown, as if it had erred", () => {
    // The budget ran out on the trail check: both alarm checks are hidden under it, not passing.
    const folded = foldSymptoms(
      [
        f("trail.logging", "error", "global", { messageId: BUDGET_MESSAGE_ID }),
        f("alarm.root", "error", "global", { messageId: BUDGET_MESSAGE_ID }),
        f("alarm.iam", "error", "global", { messageId: BUDGET_MESSAGE_ID }),
      ],
      CHECKS,
    );
    expect(brief(folded)).toEqual([["trail.logging", A, "global", "error", ["alarm.iam", "alarm.root"]]]);
    const [cell] = coverageFor(A, ["eu-west-1"], folded, CHECKS);
    expect(cell?.paths).toMatchObject({ archive: "unknown", alarm: "unknown" });
  });
});
