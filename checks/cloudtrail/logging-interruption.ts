import { defineCheck } from "../../src/engine/check.ts";
import {
  allTrails,
  byPreference,
  kindOf,
  minutesSince,
  statusOf,
  unreadableRegions,
} from "../../src/engine/trails.ts";

export default defineCheck({
  meta: {
    id: "cloudtrail.logging-interruption",
    title: "No trail applying to the account was stopped within the lookback window",
    severity: "high",
    scope: "account",
    rationale:
      "Stopping a trail, acting, and starting it again is a classic way to work unrecorded: afterwards every current-state check is green. Any StopLogging within the window leaves a gap in the archive, the log group, the alarms and the EventBridge rules that someone must explain, whether or not logging resumed.",
    permissions: ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
    // An interruption already happened: no write can undo it. A trail still stopped is a standing gap that
    // cloudtrail.multi-region-logging reports and cloudtrail.start-logging closes.
    remediationIds: [],
    paths: { archive: "degrades", log: "degrades", alarm: "degrades", fast: "degrades" },
    messages: {
      notInterrupted: "The {kind} trail {trail} was not stopped in the last {lookbackHours} hours.",
      noTrail: "No trail applies to the account (cloudtrail.multi-region-logging reports it).",
      trailsUnreadable: "The region's trails could not be listed ({code}): interruptions there are unknown.",
      statusUnreadable:
        "The status of the {kind} trail {trail} could not be read ({code}): whether it was stopped is unknown.",
      stoppedAndRestarted:
        "Logging of the {kind} trail {trail} was stopped at {stoppedAt} ({stoppedMinutesAgo} minutes ago) and restarted at {restartedAt}, after {gapMinutes} minutes without logging.",
      stopped:
        "Logging of the {kind} trail {trail} was stopped at {stoppedAt} ({stoppedMinutesAgo} minutes ago) and has not been restarted since.",
    },
  },
  evaluate(ctx) {
    const accountId = ctx.inventory.accountId;
    const lookbackHours = ctx.baseline.cloudtrail.interruptionLookbackHours;
    for (const { region, error } of unreadableRegions(ctx)) {
      ctx.report({
        status: "error",
        messageId: "trailsUnreadable",
        region,
        resource: `${accountId}/${region}`,
        data: { code: error.code },
        evidence: { error },
      });
    }
    const trails = allTrails(ctx).sort(byPreference);
    if (trails.length === 0) {
      if (unreadableRegions(ctx).length === 0) {
        ctx.report({ status: "not_applicable", messageId: "noTrail", resource: accountId });
      }
      return;
    }
    for (const t of trails) {
      const kind = kindOf(t.summary);
      // A single-region trail affects its home region only; the others apply to every region of the account.
      const region = kind === "single-region" ? t.summary.homeRegion : "global";
      const base = { trail: t.summary.name, kind };
      const status = statusOf(t);
      if (!status.ok) {
        ctx.report({
          status: "error",
          messageId: "statusUnreadable",
          region,
          resource: t.summary.arn,
          data: { ...base, code: status.error.code },
          evidence: { error: status.error },
        });
        continue;
      }
      const s = status.value;
      const stoppedMinutesAgo = minutesSince(s.stopLoggingTime, ctx.now);
      const evidence = {
        isLogging: s.isLogging,
        startLoggingTime: s.startLoggingTime,
        stopLoggingTime: s.stopLoggingTime,
        owner: t.summary.ownerAccountId,
      };
      if (stoppedMinutesAgo === undefined || stoppedMinutesAgo > lookbackHours * 60) {
        ctx.report({
          status: "pass",
          messageId: "notInterrupted",
          region,
          resource: t.summary.arn,
          data: { ...base, lookbackHours },
          evidence,
        });
        continue;
      }
      const stoppedAt = s.stopLoggingTime!;
      const stop = Date.parse(stoppedAt);
      const restarted =
        s.isLogging && s.startLoggingTime !== undefined && Date.parse(s.startLoggingTime) > stop;
      const endedAt = restarted ? s.startLoggingTime! : null;
      const incident = {
        startedAt: stoppedAt,
        endedAt,
        durationMinutes: Math.max(
          0,
          Math.floor(((endedAt ? Date.parse(endedAt) : ctx.now.getTime()) - stop) / 60000),
        ),
        // Who stopped it needs CloudTrail event history and scan history; attribution fills this in.
        actor: null,
      };
      if (restarted) {
        ctx.report({
          status: "fail",
          messageId: "stoppedAndRestarted",
          region,
          resource: t.summary.arn,
          data: {
            ...base,
            stoppedAt,
            stoppedMinutesAgo,
            restartedAt: s.startLoggingTime!,
            gapMinutes: Math.floor((Date.parse(s.startLoggingTime!) - stop) / 60000),
            restarted: true,
            lookbackHours,
          },
          evidence,
          incident,
          remediationId: null,
        });
      } else {
        ctx.report({
          status: "fail",
          messageId: "stopped",
          region,
          resource: t.summary.arn,
          data: {
            ...base,
            stoppedAt,
            stoppedMinutesAgo,
            restarted: false,
            isLogging: s.isLogging,
            lookbackHours,
            durationMinutes: incident.durationMinutes,
          },
          evidence,
          incident,
          remediationId: null,
        });
      }
    }
  },
});
