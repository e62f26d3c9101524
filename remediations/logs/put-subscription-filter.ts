import { fillArnTemplate, serviceOf } from "../../src/inventory/arn.ts";
import { defineRemediation } from "../../src/remediate/remediation.ts";
import { ownedLogGroup } from "./_log-group.ts";

/** The name wirewatch gives its subscription filter; a filter of that name is wirewatch's to rewrite. */
export const FILTER_NAME = "wirewatch-central";
/**
 * "Each log group can have up to two subscription filters associated with it" and the limit cannot be raised
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html).
 */
export const MAX_SUBSCRIPTION_FILTERS = 2;

export default defineRemediation({
  meta: {
    id: "logs.put-subscription-filter",
    title: "Subscribe the trail's log group to the central destination with a filter that passes every event",
    fixes: ["logs.trail-subscription"],
    permissions: ["logs:PutSubscriptionFilter"],
    description:
      "One PutSubscriptionFilter on the trail's log group, in its region: filter wirewatch-central, pattern \"\" (every event), destination baseline.logs.destination filled for the group's account and region. Rewrites only a filter of that name; other filters stay. Refuses without a destination, for a Kinesis or Firehose destination (they need a role the baseline does not name), when the group already carries two filters none of which is wirewatch's (the limit), and for a group another account owns (an organization trail seen from a member).",
  },
  plan(ctx) {
    const template = ctx.baseline.logs.destination;
    if (!template)
      return { refuse: "baseline.logs.destination is not set: there is nowhere to subscribe to" };
    const found = ownedLogGroup(ctx, ctx.finding.resource);
    if ("refuse" in found) return found;
    const { group } = found;
    const destination = fillArnTemplate(template, { account: ctx.inventory.accountId, region: group.region });
    // A stream of the same account needs roleArn on the filter; a logical destination or a function does not.
    const vendor = serviceOf(destination);
    if (vendor === "kinesis" || vendor === "firehose") {
      return {
        refuse: `destination ${destination} is a ${vendor} stream, which needs a role the baseline does not name: subscribe through a CloudWatch Logs destination`,
      };
    }
    if (!group.subscriptionFilters.ok) {
      return {
        refuse: `the subscription filters of ${group.name} could not be read (${group.subscriptionFilters.error.code})`,
      };
    }
    const filters = group.subscriptionFilters.value;
    const ours = filters.find((f) => f.name === FILTER_NAME);
    if (!ours && filters.length >= MAX_SUBSCRIPTION_FILTERS) {
      return {
        refuse: `log group ${group.name} already has ${filters.length} subscription filters (${filters.map((f) => f.name).join(", ")}), the most it may carry, and none is wirewatch's: remove or repurpose one first`,
      };
    }
    return {
      action: ours ? "update" : "create",
      region: group.region,
      resource: group.arn,
      summary: `${ours ? "rewrite" : "add"} subscription filter ${FILTER_NAME} on ${group.name}: every event to ${destination}`,
      calls: [
        {
          service: "logs",
          operation: "PutSubscriptionFilter",
          region: group.region,
          input: {
            logGroupName: group.name,
            filterName: FILTER_NAME,
            filterPattern: "",
            destinationArn: destination,
          },
        },
      ],
      state: { logGroup: group.arn, subscriptionFilters: filters },
    };
  },
});
