/**
 * Delivers each channel's pending drift items from the store's outbox. Never throws and never fails the scan: what
 * could not be delivered stays pending, with its error, for the next scan. Channels are delivered side by side.
 */
import pLimit from "p-limit";
import { channelName, type Config, type NotificationChannel } from "../config/schema.ts";
import { markAttempt, pending } from "../store/outbox.ts";
import type { Sql } from "../store/sql.ts";
import { VERSION } from "../version.ts";
import type { NotificationItem } from "./item.ts";
import { batchOf, renderSlack, renderSns, renderWebhook } from "./render.ts";
import {
  postJson,
  realSleep,
  signature,
  withRetries,
  withoutUrls,
  type Attempt,
  type SendResult,
  type Sleep,
} from "./send.ts";

export type NotificationsConfig = Config["notifications"];

export interface ChannelOutcome {
  channel: string;
  type: NotificationChannel["type"];
  /** Items delivered now, and items still waiting after this attempt. */
  delivered: number;
  pending: number;
  messages: number;
  /** skipped: nothing could be sent at all (no state store to announce drift from). */
  outcome: "delivered" | "failed" | "skipped";
  error: string | null;
}

export interface DeliverDeps {
  env: NodeJS.ProcessEnv;
  /** SNS Publish as the hub identity (src/aws/publish.ts); absent when there is no AWS layer. */
  publish?: (topicArn: string, subject: string, message: string, signal: AbortSignal) => Promise<unknown>;
  sleep?: Sleep;
  now?: () => Date;
  /** Stops retries and pacing waits (the service is shutting down); what is undelivered stays pending. */
  signal?: AbortSignal;
}

/** Items one delivery run takes per channel; more wait for the next run, oldest first. */
const BATCH_LIMIT = 2000;
/** Slack's incoming webhooks take about one message a second (https://api.slack.com/docs/rate-limits). */
const SLACK_SPACING_MS = 1000;

/** SNS Publish errors that no retry fixes (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html#API_Publish_Errors). */
const SNS_FINAL = new Set([
  "AuthorizationError",
  "NotFound",
  "NotFoundException",
  "InvalidParameter",
  "InvalidParameterException",
  "InvalidParameterValue",
  "InvalidParameterValueException",
  "KMSAccessDenied",
  "KMSDisabled",
  "AccessDenied",
  "AccessDeniedException",
]);

type Send = (signal: AbortSignal) => Promise<Attempt>;

interface Prepared {
  sends: Send[];
  parts: NotificationItem[][];
  spacingMs: number;
}

function prepare(
  channel: NotificationChannel,
  scope: string,
  items: NotificationItem[],
  deps: DeliverDeps,
): Prepared | string {
  if (channel.type === "sns") {
    const publish = deps.publish;
    if (!publish) return "no AWS identity to publish with";
    const { messages, parts } = renderSns(scope, items);
    return {
      parts,
      spacingMs: 0,
      sends: messages.map((m) => async (signal) => {
        try {
          await publish(channel.topicArn, m.subject, m.message, signal);
          return { ok: true, retry: false, waitMs: null, error: null };
        } catch (err) {
          // The SDK has retried throttling and 5xx already; a denied call or a missing topic will not change.
          const code = err instanceof Error ? err.name : "Error";
          const message = err instanceof Error ? err.message : String(err);
          return { ok: false, retry: !SNS_FINAL.has(code), waitMs: null, error: `${code}: ${message}` };
        }
      }),
    };
  }
  const url = channel.url ?? deps.env[channel.urlEnv!];
  if (!url) return `${channel.urlEnv} is not set`;
  const userAgent = `wirewatch/${VERSION}`;
  if (channel.type === "slack") {
    const { messages, parts } = renderSlack(items);
    return {
      parts,
      spacingMs: SLACK_SPACING_MS,
      sends: messages.map(
        (m) => (signal) => postJson(url, JSON.stringify(m), { "user-agent": userAgent }, signal),
      ),
    };
  }
  const secret = channel.secretEnv ? deps.env[channel.secretEnv] : undefined;
  // A receiver that checks signatures would drop an unsigned batch: better to keep it pending and say why.
  if (channel.secretEnv && !secret) return `${channel.secretEnv} is not set`;
  const { messages, parts } = renderWebhook(scope, items);
  return {
    parts,
    spacingMs: 0,
    sends: messages.map((body, n) => (signal) => {
      const timestamp = String(Math.floor((deps.now?.() ?? new Date()).getTime() / 1000));
      return postJson(
        url,
        body,
        {
          "user-agent": userAgent,
          "x-wirewatch-delivery": batchOf(scope, parts[n]!).deliveryId,
          "x-wirewatch-timestamp": timestamp,
          ...(secret ? { "x-wirewatch-signature": signature(secret, timestamp, body) } : {}),
        },
        signal,
      );
    }),
  };
}

async function deliverChannel(
  sql: Sql,
  scope: string,
  channel: NotificationChannel,
  config: NotificationsConfig,
  deps: DeliverDeps,
): Promise<ChannelOutcome | null> {
  const name = channelName(channel);
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const sleep = deps.sleep ?? realSleep;
  const waiting = await pending(sql, scope, name, BATCH_LIMIT);
  if (waiting.length === 0) return null;
  const items = waiting.map((w) => w.item);
  const outcome: ChannelOutcome = {
    channel: name,
    type: channel.type,
    delivered: 0,
    pending: items.length,
    messages: 0,
    outcome: "delivered",
    error: null,
  };
  const prepared = prepare(channel, scope, items, deps);
  if (typeof prepared === "string") {
    await markAttempt(sql, scope, name, items, 1, { delivered: false, at: now(), error: prepared });
    return { ...outcome, outcome: "failed", error: prepared };
  }
  for (let n = 0; n < prepared.sends.length; n++) {
    if (n > 0 && prepared.spacingMs > 0) await sleep(prepared.spacingMs, deps.signal);
    const part = prepared.parts[n]!;
    const result: SendResult = await withRetries(prepared.sends[n]!, config, sleep, deps.signal);
    await markAttempt(
      sql,
      scope,
      name,
      part,
      result.attempts,
      result.ok
        ? { delivered: true, at: now() }
        : { delivered: false, at: now(), error: result.error ?? "not delivered" },
    );
    if (!result.ok) {
      // Later messages wait too: the receiver is failing, and their order is kept for the next scan.
      return { ...outcome, outcome: "failed", error: result.error };
    }
    outcome.delivered += part.length;
    outcome.pending -= part.length;
    outcome.messages += 1;
  }
  return outcome;
}

export async function deliverPending(
  sql: Sql,
  scope: string,
  config: NotificationsConfig,
  deps: DeliverDeps,
): Promise<ChannelOutcome[]> {
  // Channels send side by side, but one store session answers one query at a time.
  const one = pLimit(1);
  const serial: Sql = {
    backend: sql.backend,
    query: (text, params) => one(() => sql.query(text, params)),
    exec: (text) => one(() => sql.exec(text)),
    transaction: (fn) => one(() => sql.transaction(fn)),
    close: () => sql.close(),
  };
  const outcomes = await Promise.all(
    config.channels.map((c) =>
      deliverChannel(serial, scope, c, config, deps).catch((err: unknown): ChannelOutcome => ({
        channel: channelName(c),
        type: c.type,
        delivered: 0,
        pending: 0,
        messages: 0,
        outcome: "failed",
        error: withoutUrls(err instanceof Error ? err.message : String(err)),
      })),
    ),
  );
  return outcomes.filter((o): o is ChannelOutcome => o !== null);
}
