import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.ts";
import { evaluateAccount } from "../../src/engine/evaluate.ts";
import { checkTester } from "../../test/support/check-tester.ts";
import { inv, minutesAgo } from "../../test/support/inventory-builder.ts";
import check from "./logging-interruption.ts";

const MGMT = "111111111111";
const orgTrail = { name: "org-trail", ownerAccountId: MGMT, isOrganizationTrail: true };
const orgArn = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`;
const WEEK = 168 * 60;
const lookback = (hours: number) =>
  configSchema.parse({ baseline: { cloudtrail: { interruptionLookbackHours: hours } } }).baseline;
const stoppedAndRestarted = (stopAgo: number, startAgo: number) => ({
  status: { isLogging: true, stopLoggingTime: minutesAgo(stopAgo), startLoggingTime: minutesAgo(startAgo) },
});
const stillStopped = (stopAgo: number) => ({
  status: { isLogging: false, stopLoggingTime: minutesAgo(stopAgo) },
});

checkTester(check, {
  valid: [
    {
      name: "never stopped",
      input: inv().regions("us-east-1", "eu-west-1").trail({ name: "main" }).build(),
    },
    {
      name: "stopped and restarted long before the lookback window",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, stoppedAndRestarted(WEEK + 60, WEEK + 30))
        .build(),
    },
    {
      name: "stopped one minute before the window and never restarted (multi-region-logging reports it)",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "old" }, stillStopped(WEEK + 1))
        .trail({ name: "main" })
        .build(),
    },
    {
      name: "a shorter configured lookback no longer sees a stop two hours ago",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, stoppedAndRestarted(120, 110))
        .baseline(lookback(1))
        .build(),
    },
    {
      name: "organization trail never stopped",
      input: inv().regions("us-east-1").trail(orgTrail).build(),
    },
  ],
  invalid: [
    {
      name: "stopped and restarted within the lookback",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main" }, stoppedAndRestarted(120, 90))
        .build(),
      findings: [
        {
          messageId: "stoppedAndRestarted",
          region: "global",
          data: {
            trail: "main",
            kind: "multi-region",
            stoppedAt: minutesAgo(120),
            restartedAt: minutesAgo(90),
            stoppedMinutesAgo: 120,
            gapMinutes: 30,
            restarted: true,
          },
        },
      ],
    },
    {
      name: "stopped within the lookback and still stopped",
      input: inv().regions("us-east-1").trail({ name: "main" }, stillStopped(30)).build(),
      findings: [
        {
          messageId: "stopped",
          data: {
            trail: "main",
            stoppedAt: minutesAgo(30),
            stoppedMinutesAgo: 30,
            restarted: false,
            isLogging: false,
          },
        },
      ],
    },
    {
      name: "stopped exactly at the edge of the window",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, stoppedAndRestarted(WEEK, WEEK - 5))
        .build(),
      findings: [{ messageId: "stoppedAndRestarted", data: { stoppedMinutesAgo: WEEK, gapMinutes: 5 } }],
    },
    {
      name: "start time before the stop: not a restart",
      input: inv()
        .regions("us-east-1")
        .trail(
          { name: "main" },
          { status: { isLogging: false, stopLoggingTime: minutesAgo(10), startLoggingTime: minutesAgo(20) } },
        )
        .build(),
      findings: [{ messageId: "stopped", data: { restarted: false } }],
    },
    {
      name: "organization trail stopped and restarted debits the member",
      input: inv().regions("us-east-1", "eu-west-1").trail(orgTrail, stoppedAndRestarted(600, 540)).build(),
      findings: [
        {
          messageId: "stoppedAndRestarted",
          region: "global",
          resource: orgArn,
          data: { kind: "organization", gapMinutes: 60 },
        },
      ],
    },
    {
      name: "a stopped single-region trail beside a healthy multi-region one is reported in its region",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main" })
        .trail({ name: "euw1", isMultiRegion: false, homeRegion: "eu-west-1" }, stillStopped(45))
        .build(),
      findings: [
        { messageId: "stopped", region: "eu-west-1", data: { trail: "euw1", kind: "single-region" } },
      ],
    },
    {
      name: "two trails interrupted",
      input: inv()
        .regions("us-east-1")
        .trail(orgTrail, stoppedAndRestarted(300, 200))
        .trail({ name: "own" }, stillStopped(100))
        .build(),
      findings: [
        { messageId: "stoppedAndRestarted", data: { trail: "org-trail" } },
        { messageId: "stopped", data: { trail: "own" } },
      ],
    },
  ],
  error: [
    {
      name: "status of the trail unreadable",
      input: inv()
        .regions("us-east-1")
        .trail({ name: "main" }, { statusError: "AccessDeniedException" })
        .build(),
      findings: [{ messageId: "statusUnreadable", data: { trail: "main", code: "AccessDeniedException" } }],
    },
    {
      name: "organization trail not read",
      input: inv().regions("us-east-1").trail(orgTrail, { noDetail: true }).build(),
      findings: [{ messageId: "statusUnreadable", resource: orgArn, data: { code: "NotCollected" } }],
    },
    {
      name: "trails of a region could not be listed",
      input: inv()
        .regions("us-east-1", "eu-west-1")
        .trail({ name: "main" })
        .regionError("eu-west-1", "AccessDeniedException")
        .build(),
      findings: [
        { messageId: "trailsUnreadable", region: "eu-west-1", data: { code: "AccessDeniedException" } },
      ],
    },
  ],
  notApplicable: [{ name: "no trail", input: inv().regions("us-east-1", "eu-west-1").build() }],
});

describe("cloudtrail.logging-interruption is an incident, not a gap to re-create", () => {
  const fail = (input: ReturnType<ReturnType<typeof inv>["build"]>) =>
    evaluateAccount([check], input).find((f) => f.status === "fail");

  it("no remediation for an own trail still stopped: cloudtrail.multi-region-logging carries start-logging", () => {
    const f = fail(inv().regions("us-east-1").trail({ name: "m" }, stillStopped(5)).build());
    expect(f?.remediationId).toBeNull();
    expect(f?.incident).toEqual({ startedAt: minutesAgo(5), endedAt: null, durationMinutes: 5, actor: null });
  });

  it("once restarted: when it started, when it ended, how long it lasted", () => {
    const f = fail(inv().regions("us-east-1").trail({ name: "m" }, stoppedAndRestarted(50, 40)).build());
    expect(f?.remediationId).toBeNull();
    expect(f?.incident).toEqual({
      startedAt: minutesAgo(50),
      endedAt: minutesAgo(40),
      durationMinutes: 10,
      actor: null,
    });
  });

  it("an organization trail stopped: an incident the member is debited with", () => {
    const f = fail(inv().regions("us-east-1").trail(orgTrail, stillStopped(5)).build());
    expect(f?.remediationId).toBeNull();
    expect(f?.incident?.endedAt).toBeNull();
  });

  it("no incident on a pass", () => {
    const f = evaluateAccount([check], inv().regions("us-east-1").trail({ name: "m" }).build())[0];
    expect(f?.status).toBe("pass");
    expect(f?.incident).toBeUndefined();
  });
});
