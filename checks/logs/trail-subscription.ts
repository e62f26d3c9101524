import { defineCheck } from "../../src/engine/check.ts";
import { fillArnTemplate } from "../../src/inventory/arn.ts";
import { judgeDelivery, type Route } from "../../src/engine/delivery.ts";
import { LOG_PATH_SAMPLES } from "../../src/engine/log-samples.ts";
import { reportTrailLogGroups } from "../../src/engine/trail-log-groups.ts";

const REMEDIATION = "logs.put-subscription-filter";
/** How many dropped samples a finding names; the count is always complete. */
const EXAMPLES = 10;

const describeRoute = (r: Route) => ({
  via: r.via,
  name: r.name,
  destinationArn: r.destinationArn ?? null,
  pattern: r.pattern,
  ...(r.excludesGroup ? { excludesGroup: true } : {}),
  ...(r.dropped ? { droppedCount: r.dropped.length } : {}),
});

export default defineCheck({
  meta: {
    id: "logs.trail-subscription",
    title: "The trail's log group delivers every CloudTrail event to the central destination",
    severity: "high",
    scope: "account",
    rationale:
      "The log path carries CloudTrail events from the trail's log group to the central destination within minutes, through a subscription filter or the account's subscription policy. A filter to another destination, a policy whose selection criteria exclude the group, or a pattern that drops some events (an eventSource clause, an errorCode NOT EXISTS) leaves the security team blind to exactly those calls while the wiring looks present. The pattern is judged by what it matches: every CIS control call, every tampering call, read calls, a console sign-in and an AccessDenied error must pass. An organization trail's group lives in the account that owns it and credits every member.",
    permissions: [
      "cloudtrail:DescribeTrails",
      "cloudtrail:GetTrailStatus",
      "logs:DescribeLogGroups",
      "logs:DescribeSubscriptionFilters",
      "logs:DescribeAccountPolicies",
    ],
    remediationIds: [REMEDIATION],
    paths: { log: "decides" },
    messages: {
      subscribed:
        "The log group {logGroup} of the {kind} trail {trail} delivers every sample event to {destination} through the {via} {route}, for {regions}.",
      noSubscription:
        "The log group {logGroup} of the {kind} trail {trail}, relied on in {regions}, has no subscription filter and no account subscription policy: nothing leaves it.",
      wrongDestination:
        "The log group {logGroup} of the {kind} trail {trail}, relied on in {regions}, is subscribed only to other destinations ({destinations}), not {expected}.",
      narrowingPattern:
        "The {via} {route} delivers the log group {logGroup} of the {kind} trail {trail} to {destination}, but its pattern {pattern} drops {dropped} of {sampleCount} sample events (relied on in {regions}).",
      excludedByPolicy:
        "The account subscription policy {route} would deliver to {destination}, but its selection criteria exclude the log group {logGroup} of the {kind} trail {trail} (relied on in {regions}).",
      logGroupMissing:
        "The {kind} trail {trail}, relied on in {regions}, points at the log group {logGroup}, which does not exist.",
      logGroupUnreadable:
        "{operation} failed for the log group {logGroup} of the {kind} trail {trail} ({code}): whether it is subscribed is unknown in {regions}.",
      patternUnparsable:
        "The pattern of the {via} {route} on the log group {logGroup} does not parse ({error}): what it delivers is unknown in {regions}.",
      policyUnparsable:
        "The account subscription policy {route} could not be judged ({error}): whether it delivers the log group {logGroup} is unknown in {regions}.",
      noTrailLogGroup:
        "No logging trail delivers to CloudWatch Logs (cloudtrail.cloudwatch-logs-delivery reports it): there is no log path to judge.",
      trailsUnreadable: "The region's trails could not be listed ({code}): the log path is unknown.",
      trailUnreadable:
        "{operation} failed for the {kind} trail {trail} ({code}): its log group, relied on in {regions}, could not be judged.",
    },
  },
  evaluate(ctx) {
    const template = ctx.baseline.logs.destination;
    const sampleCount = LOG_PATH_SAMPLES.length;
    reportTrailLogGroups(ctx, {
      messages: {
        noTrailLogGroup: "noTrailLogGroup",
        trailsUnreadable: "trailsUnreadable",
        trailUnreadable: "trailUnreadable",
      },
      judge({ trail, group }) {
        // {account} is the trail owner's: an organization trail's group lives in the management account.
        const expected =
          template &&
          fillArnTemplate(template, { account: trail.summary.ownerAccountId, region: group.region });
        const d = judgeDelivery(group, expected);
        const wanted = { expected: expected ?? "any destination" };
        switch (d.verdict) {
          case "delivers":
            return {
              status: "pass",
              messageId: "subscribed",
              data: {
                via: d.route.via,
                route: d.route.name,
                destination: d.route.destinationArn,
                sampleCount,
              },
              evidence: { route: describeRoute(d.route) },
            };
          case "noSubscription":
            return { status: "fail", messageId: "noSubscription", data: wanted, remediationId: REMEDIATION };
          case "wrongDestination": {
            const destinations = [...new Set(d.routes.map((r) => r.destinationArn ?? "(none)"))];
            return {
              status: "fail",
              messageId: "wrongDestination",
              data: { ...wanted, destinations: destinations.join(", "), count: d.routes.length },
              evidence: { routes: d.routes.map(describeRoute) },
              remediationId: REMEDIATION,
            };
          }
          case "narrowingPattern":
            return {
              status: "fail",
              messageId: "narrowingPattern",
              data: {
                via: d.route.via,
                route: d.route.name,
                destination: d.route.destinationArn,
                pattern: d.route.pattern,
                dropped: d.dropped.length,
                sampleCount,
              },
              evidence: { route: describeRoute(d.route), droppedSamples: d.dropped.slice(0, EXAMPLES) },
              remediationId: REMEDIATION,
            };
          case "excludedByPolicy":
            return {
              status: "fail",
              messageId: "excludedByPolicy",
              data: { route: d.route.name, destination: d.route.destinationArn },
              evidence: { route: describeRoute(d.route) },
              // A filter on the group itself delivers whatever the account policy excludes.
              remediationId: REMEDIATION,
            };
          case "logGroupMissing":
            // Re-creating the group is the trail's configuration, not a subscription: no remediation here.
            return { status: "fail", messageId: "logGroupMissing", remediationId: null };
          case "unreadable":
            return {
              status: "error",
              messageId: "logGroupUnreadable",
              data: { operation: `${d.error.service}:${d.error.operation}`, code: d.error.code },
              evidence: { error: d.error },
            };
          case "patternUnparsable":
            return {
              status: "error",
              messageId: "patternUnparsable",
              data: {
                via: d.route.via,
                route: d.route.name,
                pattern: d.route.pattern,
                error: d.route.patternError?.message,
                position: d.route.patternError?.position,
              },
              evidence: { route: describeRoute(d.route) },
            };
          case "policyUnparsable":
            return {
              status: "error",
              messageId: "policyUnparsable",
              data: { route: d.policy, error: d.reason },
            };
        }
      },
    });
  },
});
