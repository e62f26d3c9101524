import { statusOf } from "../../src/engine/trails.ts";
import { defineRemediation } from "../../src/remediate/remediation.ts";
import { ownedTrail } from "./_trail.ts";

export default defineRemediation({
  meta: {
    id: "cloudtrail.start-logging",
    title: "Start logging on a stopped trail the account owns",
    // Not cloudtrail.logging-interruption: that finding records an interruption that already happened.
    fixes: ["cloudtrail.multi-region-logging"],
    permissions: ["cloudtrail:StartLogging"],
    description:
      "Calls StartLogging on the trail, in its home region, by ARN. Never touches a trail another account owns (an organization trail seen from a member).",
  },
  plan(ctx) {
    const found = ownedTrail(ctx, ctx.finding.resource);
    if ("refuse" in found) return found;
    const { trail } = found;
    const status = statusOf({ summary: trail, detail: found.detail });
    if (status.ok && status.value.isLogging) return { refuse: `trail ${trail.name} is already logging` };
    return {
      action: "enable",
      region: trail.homeRegion,
      resource: trail.arn,
      summary: `start logging on trail ${trail.name}`,
      calls: [
        {
          service: "cloudtrail",
          operation: "StartLogging",
          region: trail.homeRegion,
          input: { Name: trail.arn },
        },
      ],
      state: { trail: trail.arn, isLogging: status.ok ? status.value.isLogging : null },
    };
  },
});
