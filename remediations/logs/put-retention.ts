import { defineRemediation } from "../../src/remediate/remediation.ts";
import { ownedLogGroup } from "./_log-group.ts";

/**
 * The retention periods CloudWatch Logs accepts, in days
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
 */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The shortest accepted retention that keeps events at least `days`; undefined above the longest. */
export function acceptedRetention(days: number): number | undefined {
  return RETENTION_DAYS.find((d) => d >= days);
}

export default defineRemediation({
  meta: {
    id: "logs.put-retention",
    title: "Raise the retention of the trail's log group to the baseline",
    fixes: ["logs.trail-retention"],
    permissions: ["logs:PutRetentionPolicy"],
    description:
      "One PutRetentionPolicy on the trail's log group, in its region, with baseline.logs.retentionDays rounded up to the next period CloudWatch Logs accepts. Refuses when the baseline exceeds the longest accepted period (3653 days: only removing the policy keeps events longer, and wirewatch never deletes), and for a group another account owns (an organization trail seen from a member).",
  },
  plan(ctx) {
    const required = ctx.baseline.logs.retentionDays;
    const days = acceptedRetention(required);
    if (days === undefined) {
      return {
        refuse: `baseline.logs.retentionDays is ${required}, above the longest retention CloudWatch Logs accepts (${RETENTION_DAYS.at(-1)} days)`,
      };
    }
    const found = ownedLogGroup(ctx, ctx.finding.resource);
    if ("refuse" in found) return found;
    const { group } = found;
    const current = group.group.ok ? group.group.value.retentionInDays : undefined;
    if (current === undefined || current >= days) {
      return {
        refuse: `log group ${group.name} already keeps events ${current ?? "forever"} (${days} days wanted)`,
      };
    }
    return {
      action: "update",
      region: group.region,
      resource: group.arn,
      summary: `keep events of ${group.name} for ${days} days (now ${current})`,
      calls: [
        {
          service: "logs",
          operation: "PutRetentionPolicy",
          region: group.region,
          input: { logGroupName: group.name, retentionInDays: days },
        },
      ],
      state: { logGroup: group.arn, retentionInDays: current },
    };
  },
});
