/**
 * How each channel shows a batch of drift items. Pure. Each renderer returns the messages to send, split so that
 * each stays inside its channel's limits.
 */
import { createHash } from "node:crypto";
import type { NotificationItem } from "./item.ts";

/** The JSON a webhook receives and an SNS message carries. */
export interface DriftBatch {
  type: "wirewatch.drift";
  version: 1;
  /** Stable for the same items: a receiver that sees it twice has seen this batch. */
  deliveryId: string;
  scope: string;
  new: NotificationItem[];
  resolved: NotificationItem[];
}

export function batchOf(scope: string, items: readonly NotificationItem[]): DriftBatch {
  const keys = items.map((i) => i.key).sort();
  return {
    type: "wirewatch.drift",
    version: 1,
    deliveryId: createHash("sha256").update(keys.join("\n")).digest("hex").slice(0, 32),
    scope,
    new: items.filter((i) => i.kind === "new"),
    resolved: items.filter((i) => i.kind === "resolved"),
  };
}

/** Splits items into parts whose sizes (plus `overhead` each) stay within `max`; an item too big alone goes alone. */
export function splitBySize<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  max: number,
  overhead = 0,
): T[][] {
  const parts: T[][] = [];
  let part: T[] = [];
  let size = overhead;
  for (const item of items) {
    const n = sizeOf(item) + 1;
    if (part.length > 0 && size + n > max) {
      parts.push(part);
      part = [];
      size = overhead;
    }
    part.push(item);
    size += n;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

export const headline = (items: readonly NotificationItem[]) => {
  const n = items.filter((i) => i.kind === "new").length;
  const r = items.length - n;
  const parts = [...(n ? [`${n} new ${n === 1 ? "gap" : "gaps"}`] : []), ...(r ? [`${r} resolved`] : [])];
  return `wirewatch: ${parts.join(", ") || "no change"}`;
};

const who = (i: NotificationItem): string | null => {
  const a = i.attribution;
  if (!a) return null;
  if (a.status === "notAttributed") return `not attributed${a.reason ? ` (${a.reason})` : ""}`;
  return `${a.eventName} by ${a.principalArn ?? "an unknown principal"} at ${a.eventTime}`;
};

/** One plain line per item (SNS email subscribers read this). */
export function itemLine(i: NotificationItem): string {
  const where = i.region === "global" ? i.accountId : `${i.accountId} ${i.region}`;
  const what = i.kind === "new" ? (i.message ?? i.messageId) : `resolved (${i.messageId})`;
  const by = who(i);
  return `[${i.severity}] ${i.checkId} ${where} ${i.resource}: ${what}${by ? ` — ${by}` : ""}`;
}

// --- Slack: Block Kit, one section per account -------------------------------------------------------------
// Limits from https://api.slack.com/reference/block-kit/blocks: at most 50 blocks a message, a section's text at
// most 3,000 characters; the header block's plain text at most 150.
const SLACK_MAX_BLOCKS = 50;
const SLACK_SECTION_CHARS = 3000;

/** Slack's mrkdwn needs &, < and > escaped (https://api.slack.com/reference/surfaces/formatting#escaping). */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export interface SlackMessage {
  text: string;
  blocks: object[];
}

function slackLine(i: NotificationItem): string {
  const mark =
    i.kind === "new" ? (i.status === "error" ? ":grey_question:" : ":red_circle:") : ":white_check_mark:";
  const where = i.region === "global" ? "" : ` ${esc(i.region)}`;
  const what = i.kind === "new" ? esc(i.message ?? i.messageId) : `resolved (${esc(i.messageId)})`;
  const by = who(i);
  return `${mark} *${i.severity}* \`${esc(i.checkId)}\`${where}: ${what}${by ? `\n      _${esc(by)}_` : ""}`;
}

interface Section {
  accountId: string;
  text: string;
  items: NotificationItem[];
}

/** An account's items as sections, each within Slack's text limit. */
function accountSections(group: readonly NotificationItem[]): Section[] {
  const first = group[0]!;
  const title = `*${esc(first.accountId)}${first.accountName ? ` (${esc(first.accountName)})` : ""}*`;
  const sections: Section[] = [];
  let current: Section | undefined;
  for (const i of group) {
    const line = slackLine(i).slice(0, SLACK_SECTION_CHARS - title.length - 1);
    if (!current || current.text.length + 1 + line.length > SLACK_SECTION_CHARS) {
      current = { accountId: first.accountId, text: title, items: [] };
      sections.push(current);
    }
    current.text += `\n${line}`;
    current.items.push(i);
  }
  return sections;
}

/** Messages grouped per account: a header, then a divider and the sections of each account, at most 50 blocks. */
export function renderSlack(items: readonly NotificationItem[]): {
  messages: SlackMessage[];
  parts: NotificationItem[][];
} {
  const byAccount = new Map<string, NotificationItem[]>();
  for (const i of items) byAccount.set(i.accountId, [...(byAccount.get(i.accountId) ?? []), i]);
  const pages: Section[][] = [];
  let page: Section[] = [];
  let blocks = 1;
  for (const group of byAccount.values()) {
    for (const section of accountSections(group)) {
      const opensAccount = page.at(-1)?.accountId !== section.accountId;
      const cost = opensAccount ? 2 : 1;
      if (page.length > 0 && blocks + cost > SLACK_MAX_BLOCKS) {
        pages.push(page);
        page = [];
        blocks = 1;
      }
      blocks += page.at(-1)?.accountId !== section.accountId ? 2 : 1;
      page.push(section);
    }
  }
  if (page.length > 0) pages.push(page);
  const parts = pages.map((p) => p.flatMap((sec) => sec.items));
  const messages = pages.map((p, n) => {
    const text = headline(parts[n]!);
    const out: object[] = [{ type: "header", text: { type: "plain_text", text: text.slice(0, 150) } }];
    p.forEach((sec, k) => {
      if (k === 0 || p[k - 1]!.accountId !== sec.accountId) out.push({ type: "divider" });
      out.push({ type: "section", text: { type: "mrkdwn", text: sec.text } });
    });
    return { text, blocks: out };
  });
  return { messages, parts };
}

/** A batch's bytes are its items' plus an envelope (type, ids, scope: a few hundred bytes at most). */
const ENVELOPE_BYTES = 512;
const itemBytes = (i: NotificationItem) => Buffer.byteLength(JSON.stringify(i));

/** The items as JSON batches (DriftBatch) of at most `maxBytes` each, with the items of each. */
function jsonBatches(scope: string, items: readonly NotificationItem[], maxBytes: number) {
  const parts = splitBySize(items, itemBytes, maxBytes, ENVELOPE_BYTES);
  return { bodies: parts.map((part) => JSON.stringify(batchOf(scope, part))), parts };
}

// --- SNS ---------------------------------------------------------------------------------------------------
// "The maximum message size is 262,144 bytes (256 KiB)"; a subject is ASCII, at most 100 characters
// (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).
export const SNS_MAX_BYTES = 262_144;
const SNS_SUBJECT_CHARS = 100;

export interface SnsMessage {
  subject: string;
  message: string;
}

export function renderSns(
  scope: string,
  items: readonly NotificationItem[],
): { messages: SnsMessage[]; parts: NotificationItem[][] } {
  const { bodies, parts } = jsonBatches(scope, items, SNS_MAX_BYTES);
  const messages = parts.map((part, n) => ({
    // Subjects must be ASCII without line breaks.
    subject: headline(part)
      .replace(/[^\x20-\x7e]/g, "")
      .slice(0, SNS_SUBJECT_CHARS),
    message: bodies[n]!,
  }));
  return { messages, parts };
}

// --- Webhook -----------------------------------------------------------------------------------------------
/** Kept well under common receivers' request limits (1 MiB is a usual default). */
export const WEBHOOK_MAX_BYTES = 512 * 1024;

export function renderWebhook(
  scope: string,
  items: readonly NotificationItem[],
): { messages: string[]; parts: NotificationItem[][] } {
  const { bodies, parts } = jsonBatches(scope, items, WEBHOOK_MAX_BYTES);
  return { messages: bodies, parts };
}
