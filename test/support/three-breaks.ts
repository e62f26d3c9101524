/**
 * Three ways monitoring really breaks, each by another principal in another account, made with the AWS SDK
 * against the simulator: dev's trail stopped, prod's forwarding rule disabled, management's log subscription
 * deleted. And their fixes.
 */
import { CloudTrailClient, StartLoggingCommand, StopLoggingCommand } from "@aws-sdk/client-cloudtrail";
import {
  CloudWatchLogsClient,
  DeleteSubscriptionFilterCommand,
  PutSubscriptionFilterCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { DisableRuleCommand, EnableRuleCommand, EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { LiveSim } from "./live-sim.ts";

const MGMT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";

/** The findings the three breaks open, as "checkId account region messageId", sorted. */
export const THREE_BREAKS_NEW = [
  `cloudtrail.logging-interruption ${DEV} global stopped`,
  `cloudtrail.multi-region-logging ${DEV} ap-southeast-2 trailStopped`,
  `cloudtrail.multi-region-logging ${DEV} eu-west-1 trailStopped`,
  `cloudtrail.multi-region-logging ${DEV} us-east-1 trailStopped`,
  `eventbridge.cloudtrail-forwarding ${PROD} us-east-1 ruleDisabled`,
  `logs.trail-subscription ${MGMT} global noSubscription`,
].sort();

export async function breakThree(live: LiveSim): Promise<void> {
  const trail = new CloudTrailClient(await live.credentials(DEV));
  const events = new EventBridgeClient(await live.credentials(PROD));
  const logs = new CloudWatchLogsClient(await live.credentials(MGMT));
  try {
    await trail.send(new StopLoggingCommand({ Name: "dev-trail" }));
    await events.send(new DisableRuleCommand({ Name: "wirewatch-forward-cloudtrail" }));
    await logs.send(
      new DeleteSubscriptionFilterCommand({
        logGroupName: "aws-cloudtrail-logs",
        filterName: "wirewatch-central",
      }),
    );
  } finally {
    trail.destroy();
    events.destroy();
    logs.destroy();
  }
}

export async function fixThree(live: LiveSim): Promise<void> {
  const trail = new CloudTrailClient(await live.credentials(DEV));
  const events = new EventBridgeClient(await live.credentials(PROD));
  const logs = new CloudWatchLogsClient(await live.credentials(MGMT));
  try {
    await trail.send(new StartLoggingCommand({ Name: "dev-trail" }));
    await events.send(new EnableRuleCommand({ Name: "wirewatch-forward-cloudtrail" }));
    await logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName: "aws-cloudtrail-logs",
        filterName: "wirewatch-central",
        filterPattern: "",
        destinationArn: `arn:aws:logs:us-east-1:${MGMT}:destination:wirewatch-central`,
      }),
    );
  } finally {
    trail.destroy();
    events.destroy();
    logs.destroy();
  }
}
