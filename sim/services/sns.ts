/**
 * SNS (awsQuery only): topics and their subscriptions, enough for the alarm path's last hop (is there a confirmed
 * subscriber, may CloudWatch publish). Error codes are the awsQuery codes of the SNS model (client-sns):
 * InvalidParameter 400, NotFound 404, AuthorizationError 403, Throttled 429.
 */
import { randomUUID } from "node:crypto";
import { arnPattern, arnPrefix } from "../partition.ts";
import { SimError } from "../errors.ts";
import type { Input } from "../protocol.ts";
import { paginate } from "../pagination.ts";
import { defaultTopicPolicy } from "../scenario.ts";
import { inputs, type RequestContext, type ServiceDef } from "../service.ts";
import type { SnsSubscription, TopicState } from "../state.ts";

/** SNS messages read "Invalid parameter: <what>" (https://github.com/aws-samples/amazon-rekognition-video-analyzer/issues/41). */
const invalid = (what: string): SimError => new SimError("InvalidParameter", `Invalid parameter: ${what}`);
const notFound = (): SimError => new SimError("NotFound", "Topic does not exist", 404);

/** "Only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, 1-256 characters" (CreateTopic). */
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const TOPIC_ARN = String.raw`sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]+(?:\.fifo)?)$`;

/** ListSubscriptionsByTopic returns up to 100 subscriptions a page (https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html). */
const SUBSCRIPTIONS_PAGE = 100;

/** SetTopicAttributes AttributeName values (client-sns SetTopicAttributesInput documentation). */
const FEEDBACK_ATTRIBUTES = ["HTTP", "Firehose", "Lambda", "Application", "SQS"].flatMap((p) => [
  `${p}SuccessFeedbackRoleArn`,
  `${p}SuccessFeedbackSampleRate`,
  `${p}FailureFeedbackRoleArn`,
]);
const SETTABLE = [
  "DeliveryPolicy",
  "DisplayName",
  "MaximumMessageSize",
  "Policy",
  "TracingConfig",
  "KmsMasterKeyId",
  "SignatureVersion",
  ...FEEDBACK_ATTRIBUTES,
];
const FIFO_ONLY = ["ArchivePolicy", "ContentBasedDeduplication", "FifoThroughputScope"];
/** CreateTopic additionally takes FifoTopic, which cannot change afterwards. */
const CREATABLE = [...SETTABLE, ...FIFO_ONLY, "FifoTopic"];
const SUBSCRIBE_ATTRIBUTES = [
  "DeliveryPolicy",
  "FilterPolicy",
  "FilterPolicyScope",
  "RawMessageDelivery",
  "RedrivePolicy",
  "SubscriptionRoleArn",
  "ReplayPolicy",
];

/** Subscribe protocols and what their endpoint must look like (client-sns SubscribeInput documentation). */
const ENDPOINTS: Record<string, RegExp> = {
  http: /^http:\/\/\S+$/,
  https: /^https:\/\/\S+$/,
  email: /^[^@\s]+@[^@\s]+$/,
  "email-json": /^[^@\s]+@[^@\s]+$/,
  sms: /^\+?\d{5,15}$/,
  sqs: /^arn:aws[\w-]*:sqs:[a-z0-9-]+:\d{12}:[\w.-]+$/,
  application: /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:endpoint\/\S+$/,
  lambda: /^arn:aws[\w-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w.:-]+$/,
  firehose: /^arn:aws[\w-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[\w.-]+$/,
};
/** Email and HTTP(S) endpoints must confirm; the others are confirmed at once (SNS developer guide, Subscribe). */
const NEEDS_CONFIRMATION = ["http", "https", "email", "email-json"];

/** The topic an ARN names in the caller's own account and region; anything else does not exist for the caller. */
function findTopic(ctx: RequestContext, input: Input): TopicState {
  const arn = inputs.str(input, "TopicArn");
  if (arn === undefined || arn === "") throw invalid("TopicArn");
  const m = arnPattern(ctx.world, TOPIC_ARN).exec(arn);
  if (!m) throw invalid("TopicArn");
  // Simulator isolation: another account's or region's topic is never visible, whatever its policy says.
  if (m[1] !== ctx.region || m[2] !== ctx.account.id) throw notFound();
  const topic = ctx.regionState.topics.get(arn);
  if (!topic) throw notFound();
  return topic;
}

function stringMap(input: Input, key: string): Record<string, string> {
  const raw = inputs.obj(input, key) ?? {};
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, v === undefined || v === null ? "" : String(v)]),
  );
}

function tagList(input: Input): Record<string, string> | undefined {
  const list = inputs.list<unknown>(input, "Tags");
  if (list === undefined) return undefined;
  const tags: Record<string, string> = {};
  for (const raw of list) {
    const t = (typeof raw === "object" && raw !== null ? raw : {}) as Input;
    const key = inputs.str(t, "Key");
    if (key === undefined || key === "") throw invalid("Tags Reason: a tag key is missing");
    tags[key] = inputs.str(t, "Value") ?? "";
  }
  return tags;
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Checks one topic attribute value; `fifo` says whether the topic is a FIFO topic. */
function checkAttribute(name: string, value: string, fifo: boolean): void {
  if (FIFO_ONLY.includes(name) && !fifo)
    throw invalid(`${name} Reason: only FIFO topics support this attribute`);
  switch (name) {
    case "Policy":
      // A policy that is not a JSON document is refused (SetTopicAttributes, InvalidParameter).
      if (!isJsonObject(value)) throw invalid("Policy Error: the policy is not a valid JSON document");
      return;
    case "DeliveryPolicy":
    case "ArchivePolicy":
      if (!isJsonObject(value)) throw invalid(`${name}: not a valid JSON document`);
      return;
    case "DisplayName":
      if (value.length > 100) throw invalid("DisplayName Reason: longer than 100 characters");
      return;
    case "TracingConfig":
      if (!["PassThrough", "Active"].includes(value)) throw invalid("TracingConfig");
      return;
    case "SignatureVersion":
      if (!["1", "2"].includes(value)) throw invalid("SignatureVersion");
      return;
    case "MaximumMessageSize": {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1024 || n > 1048576) throw invalid("MaximumMessageSize");
      return;
    }
    case "ContentBasedDeduplication":
    case "FifoTopic":
      if (!["true", "false"].includes(value)) throw invalid(name);
      return;
    case "FifoThroughputScope":
      if (!["Topic", "MessageGroup"].includes(value)) throw invalid(name);
      return;
  }
  if (name.endsWith("SampleRate")) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 100) throw invalid(name);
  }
}

function createTopic(ctx: RequestContext, input: Input) {
  const name = inputs.str(input, "Name") ?? "";
  const fifo = name.endsWith(".fifo");
  const base = fifo ? name.slice(0, -".fifo".length) : name;
  if (!TOPIC_NAME.test(base) || name.length > 256) throw invalid("Topic Name");
  const attributes = stringMap(input, "Attributes");
  for (const [k, v] of Object.entries(attributes)) {
    if (!CREATABLE.includes(k)) throw invalid(`Attributes Reason: Unknown attribute ${k}`);
    checkAttribute(k, v, fifo);
  }
  // A FIFO topic needs both the .fifo suffix and FifoTopic=true.
  if (fifo !== (attributes.FifoTopic === "true")) {
    throw invalid("Topic Name Reason: a FIFO topic name must end with .fifo and set FifoTopic to true");
  }
  const tags = tagList(input);
  // DataProtectionPolicy: "The body of the policy document ... (maximum 30,720 bytes)" (CreateTopic API reference,
  // https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html). Kept on the topic; nothing is published here.
  const dataProtectionPolicy = inputs.str(input, "DataProtectionPolicy");
  if (
    dataProtectionPolicy !== undefined &&
    (dataProtectionPolicy.length > 30720 || !isJsonObject(dataProtectionPolicy))
  ) {
    throw invalid("DataProtectionPolicy Reason: not a JSON policy document of at most 30,720 bytes");
  }
  const arn = `${arnPrefix(ctx.world)}sns:${ctx.region}:${ctx.account.id}:${name}`;
  const existing = ctx.regionState.topics.get(arn);
  if (existing) {
    // CreateTopic is idempotent by name, but not with other attributes or tags.
    // (Message as SNS returns it; the code is the model's InvalidParameter.)
    if (Object.entries(attributes).some(([k, v]) => (existing.attributes[k] ?? "") !== v)) {
      throw invalid("Attributes Reason: Topic already exists with different attributes");
    }
    if (tags && Object.entries(tags).some(([k, v]) => existing.tags[k] !== v)) {
      throw invalid("Tags Reason: Topic already exists with different tags");
    }
    return { TopicArn: arn };
  }
  const stored: Record<string, string> = {
    TopicArn: arn,
    Owner: ctx.account.id,
    DisplayName: "",
    Policy: defaultTopicPolicy(arn, ctx.account.id),
    EffectiveDeliveryPolicy: JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 3 } } }),
    ...(fifo ? { FifoTopic: "true", ContentBasedDeduplication: "false" } : {}),
    ...attributes,
  };
  if (stored.KmsMasterKeyId === "") delete stored.KmsMasterKeyId;
  ctx.regionState.topics.set(arn, {
    TopicArn: arn,
    attributes: stored,
    subscriptions: [],
    tags: tags ?? {},
    dataProtectionPolicy,
  });
  return { TopicArn: arn };
}

function getTopicAttributes(ctx: RequestContext, input: Input) {
  const topic = findTopic(ctx, input);
  const confirmed = topic.subscriptions.filter((s) => s.confirmed).length;
  const attributes = new Map<string, string>(Object.entries(topic.attributes));
  attributes.set("TopicArn", topic.TopicArn);
  attributes.set("SubscriptionsConfirmed", String(confirmed));
  attributes.set("SubscriptionsPending", String(topic.subscriptions.length - confirmed));
  // The simulator has no Unsubscribe, so nothing is ever in the deleted state.
  attributes.set("SubscriptionsDeleted", "0");
  return { Attributes: attributes };
}

function setTopicAttributes(ctx: RequestContext, input: Input) {
  const topic = findTopic(ctx, input);
  const name = inputs.str(input, "AttributeName");
  const value = inputs.str(input, "AttributeValue") ?? "";
  const fifo = topic.attributes.FifoTopic === "true";
  if (name === undefined || ![...SETTABLE, ...FIFO_ONLY].includes(name)) throw invalid("AttributeName");
  // An empty KmsMasterKeyId turns server-side encryption off.
  if (name === "KmsMasterKeyId" && value === "") {
    delete topic.attributes.KmsMasterKeyId;
    return {};
  }
  checkAttribute(name, value, fifo);
  topic.attributes[name] = value;
  return {};
}

function listSubscriptionsByTopic(ctx: RequestContext, input: Input) {
  const topic = findTopic(ctx, input);
  const { page, nextToken } = paginate(
    topic.subscriptions,
    inputs.str(input, "NextToken"),
    undefined,
    `sns:ListSubscriptionsByTopic:${topic.TopicArn}`,
    { defaultSize: SUBSCRIPTIONS_PAGE, maxSize: SUBSCRIPTIONS_PAGE, invalidTokenCode: "InvalidParameter" },
  );
  return {
    // An unconfirmed subscription is listed as "PendingConfirmation" (ListSubscriptionsByTopic API reference).
    Subscriptions: page.map((s) => ({
      SubscriptionArn: s.confirmed ? s.SubscriptionArn : "PendingConfirmation",
      Owner: s.Owner,
      Protocol: s.Protocol,
      Endpoint: s.Endpoint,
      TopicArn: topic.TopicArn,
    })),
    NextToken: nextToken,
  };
}

function subscribe(ctx: RequestContext, input: Input) {
  const topic = findTopic(ctx, input);
  const protocol = inputs.str(input, "Protocol");
  const endpoint = inputs.str(input, "Endpoint");
  if (protocol === undefined || protocol === "") throw invalid("Protocol");
  const shape = ENDPOINTS[protocol];
  if (!shape) throw invalid(`Amazon SNS does not support this protocol string: ${protocol}`);
  if (endpoint === undefined || endpoint === "" || !shape.test(endpoint)) {
    throw invalid(protocol.startsWith("email") ? "Email address" : `${protocol} endpoint`);
  }
  const attributes = stringMap(input, "Attributes");
  for (const k of Object.keys(attributes)) {
    if (!SUBSCRIBE_ATTRIBUTES.includes(k)) throw invalid(`Attributes Reason: Unknown attribute ${k}`);
  }
  if (protocol === "firehose" && !attributes.SubscriptionRoleArn) {
    throw invalid("Attributes Reason: SubscriptionRoleArn is required for firehose subscriptions");
  }
  const returnArn = inputs.bool(input, "ReturnSubscriptionArn") === true;
  const newArn = () => `${topic.TopicArn}:${ctx.newId()}`;

  // Subscribing the same endpoint again returns the existing subscription instead of adding one.
  let sub: SnsSubscription | undefined = topic.subscriptions.find(
    (s) => s.Protocol === protocol && s.Endpoint === endpoint,
  );
  if (!sub) {
    sub = {
      SubscriptionArn: newArn(),
      Protocol: protocol,
      Endpoint: endpoint,
      Owner: ctx.account.id,
      confirmed: !NEEDS_CONFIRMATION.includes(protocol),
      attributes,
    };
    topic.subscriptions.push(sub);
  } else if (sub.SubscriptionArn === "PendingConfirmation") {
    // Scenario-seeded pending subscriptions have no ARN of their own yet.
    sub.SubscriptionArn = newArn();
  }
  // "The ARN of the subscription if it is confirmed, or the string "pending confirmation" ... However, if
  // ReturnSubscriptionArn is true, then the value is always the subscription ARN" (client-sns SubscribeResponse).
  return { SubscriptionArn: sub.confirmed || returnArn ? sub.SubscriptionArn : "pending confirmation" };
}

// Publish: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
/** "The maximum message size is 262,144 bytes (256 KiB)", counting the message and its attributes. */
const MAX_MESSAGE_BYTES = 262_144;
/**
 * "Subjects must be ASCII text that begins with a letter, number, or punctuation mark; must not include line breaks
 * or control characters; and must be less than 100 characters long."
 */
const SUBJECT = /^[\x21-\x7e][\x20-\x7e]{0,98}$/;
/** Messages published are kept per topic up to this many, oldest dropped first (a long-running `wirewatch sim`). */
const KEEP_PUBLISHED = 1000;

function publish(ctx: RequestContext, input: Input) {
  const topic = findTopic(ctx, input);
  const message = inputs.str(input, "Message");
  if (message === undefined || message === "") throw invalid("Empty message");
  const subject = inputs.str(input, "Subject");
  if (subject !== undefined && !SUBJECT.test(subject)) throw invalid("Subject");
  const structure = inputs.str(input, "MessageStructure");
  if (structure !== undefined) {
    // With MessageStructure "json" the message is a JSON object with at least a "default" string.
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      parsed = undefined;
    }
    if (
      structure !== "json" ||
      !parsed ||
      typeof parsed !== "object" ||
      typeof (parsed as Record<string, unknown>).default !== "string"
    ) {
      throw invalid("Message Structure - No default entry in JSON message body");
    }
  }
  const attributes = inputs.obj(input, "MessageAttributes");
  const size = Buffer.byteLength(message) + Buffer.byteLength(JSON.stringify(attributes ?? {}));
  if (size > MAX_MESSAGE_BYTES) throw invalid("Message too long");
  const messageId = randomUUID();
  topic.published ??= [];
  topic.published.push({
    MessageId: messageId,
    Message: message,
    ...(subject !== undefined ? { Subject: subject } : {}),
    ...(structure !== undefined ? { MessageStructure: structure } : {}),
    ...(attributes ? { MessageAttributes: attributes } : {}),
    publisher: ctx.caller.arn,
    at: ctx.now().toISOString(),
  });
  if (topic.published.length > KEEP_PUBLISHED) topic.published.shift();
  return { MessageId: messageId };
}

export const sns: ServiceDef = {
  signingName: "sns",
  protocols: ["query"],
  xmlNamespace: "http://sns.amazonaws.com/doc/2010-03-31/",
  eventSource: "sns.amazonaws.com",
  // ThrottledException carries awsQueryError ("Throttled", 429) in the client-sns model.
  throttling: { code: "Throttled", message: "Rate exceeded" },
  accessDeniedCode: "AuthorizationError",
  refusalCode: "InvalidParameter",
  // SNS model (@aws-sdk/client-sns), awsQueryError codes.
  errors: { AuthorizationError: 403, InvalidParameter: 400, NotFound: 404, Throttled: 429 },
  operations: {
    CreateTopic: {
      members: { honoured: ["Name", "Attributes", "Tags", "DataProtectionPolicy"] },
      write: true,
      rate: "api",
      handler: createTopic,
    },
    GetTopicAttributes: { members: { honoured: ["TopicArn"] }, handler: getTopicAttributes },
    SetTopicAttributes: {
      members: { honoured: ["TopicArn", "AttributeName", "AttributeValue"] },
      write: true,
      rate: "api",
      handler: setTopicAttributes,
    },
    ListSubscriptionsByTopic: {
      members: { honoured: ["TopicArn", "NextToken"] },
      handler: listSubscriptionsByTopic,
    },
    Publish: {
      members: {
        honoured: ["TopicArn", "Message", "Subject", "MessageStructure", "MessageAttributes"],
        refused: {
          TargetArn: "publishing to a mobile platform endpoint is not simulated",
          PhoneNumber: "SMS is not simulated",
          MessageDeduplicationId: "FIFO publishing is not simulated",
          MessageGroupId: "FIFO publishing is not simulated",
        },
      },
      // Publish is a data event in CloudTrail, not a management event: it changes no configuration.
      // https://docs.aws.amazon.com/sns/latest/dg/sns-logging-using-cloudtrail.html
      write: true,
      dataEvent: true,
      rate: "publish",
      handler: publish,
    },
    Subscribe: {
      members: { honoured: ["TopicArn", "Protocol", "Endpoint", "Attributes", "ReturnSubscriptionArn"] },
      write: true,
      rate: "api",
      handler: subscribe,
    },
  },
};
