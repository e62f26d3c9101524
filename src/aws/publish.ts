/** Publishes a notification to an SNS topic as the hub identity, in the topic's own region. */
import { PublishCommand } from "@aws-sdk/client-sns";
import type { AwsLayer } from "./layer.ts";

/** The region of an SNS topic ARN (arn:partition:sns:region:account:name). */
export const topicRegion = (topicArn: string) => topicArn.split(":")[3] ?? "";

export async function publishToTopic(
  layer: AwsLayer,
  topicArn: string,
  subject: string,
  message: string,
  signal?: AbortSignal,
): Promise<string> {
  const out = await layer
    .hub()
    .sns(topicRegion(topicArn))
    .send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }), {
      abortSignal: signal,
    });
  return out.MessageId ?? "";
}
