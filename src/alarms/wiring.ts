/**
 * The alarm path of one trail log group for one CIS 4.x control (docs/architecture.md): a metric filter on the group
 * that satisfies the control (judge.ts) -> an alarm on the filter's metric, by name AND namespace -> actions
 * enabled -> an SNS topic among its alarm actions -> at least one confirmed subscription -> a topic policy, and key,
 * that let CloudWatch publish (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html,
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services). Pure.
 *
 * Any complete chain passes. Otherwise, if a chain could not be followed to its end because something was not
 * read, the verdict is unknown (error): that chain might have passed. Otherwise the chain that got furthest is
 * reported, at the first link it breaks.
 */
import { accountOf, isTopicArn, partitionOf } from "../inventory/arn.ts";
import type {
  CollectionError,
  EventSelectors,
  LogGroupDetail,
  MetricAlarm,
  MetricFilter,
  Read,
  TopicDetail,
  TrailSummary,
} from "../inventory/model.ts";
import type { VerdictData } from "../engine/trails.ts";
import type { FilterVerdict, JudgedControl } from "./judge.ts";
import { byCloseness, catchesAll, judgeFilter } from "./judge.ts";
import { cloudWatchMayPublish } from "./topic-policy.ts";
import { droppedEvents } from "./trail-records.ts";
import { EVALUATION_FAILURES, judgeEvaluation, sameDimensionKeys, unpublished } from "./evaluation.ts";

/** The broken links, in chain order (a later one means the chain got further). */
export const WIRING_FAILURES = [
  "trailDropsEvents",
  "noMatchingFilter",
  "filterNoisy",
  "metricValueNotNumeric",
  "noAlarm",
  "alarmWrongNamespace",
  ...EVALUATION_FAILURES,
  "actionsDisabled",
  "noTopicAction",
  "noConfirmedSubscription",
  "topicPolicyDeniesCloudWatch",
  "topicKeyDeniesCloudWatch",
] as const;
export type WiringFailure = (typeof WIRING_FAILURES)[number];

export const WIRING_ERRORS = [
  "trailUnreadable",
  "filtersUnreadable",
  "alarmsUnreadable",
  "topicUnreadable",
] as const;
export type WiringError = (typeof WIRING_ERRORS)[number];

export type WiringVerdict =
  | { status: "pass"; data: VerdictData; evidence: Record<string, unknown> }
  | { status: "fail"; messageId: WiringFailure; data: VerdictData; evidence: Record<string, unknown> }
  | {
      status: "error";
      messageId: WiringError;
      data: VerdictData;
      evidence: Record<string, unknown>;
      error: CollectionError;
    };

/** What a person needs to see about each metric filter on the group. */
export interface FilterEvidence {
  name: string;
  pattern: string;
  satisfied: boolean;
  missed: readonly string[];
  wronglyMatched: readonly string[];
  noisy: boolean;
  backgroundMatched: readonly string[];
  error?: { message: string; position: number };
}

const filterEvidence = (f: MetricFilter, v: FilterVerdict): FilterEvidence => ({
  name: f.name,
  pattern: f.pattern,
  satisfied: v.satisfied,
  missed: v.missed,
  wronglyMatched: v.wronglyMatched,
  noisy: v.noisy,
  backgroundMatched: v.backgroundMatched,
  ...(v.error ? { error: v.error } : {}),
});

type Metric = MetricFilter["metrics"][number];

/** How far one filter -> alarm -> topic chain got. */
type Outcome =
  | { status: "pass"; data: VerdictData; evidence: Record<string, unknown> }
  | { status: "fail"; messageId: WiringFailure; data: VerdictData; evidence?: Record<string, unknown> }
  | { status: "error"; messageId: WiringError; data: VerdictData; error: CollectionError };

/** SNS's AWS managed key: its key policy cannot be changed to let CloudWatch use it. */
const AWS_MANAGED_SNS_KEY = /(^|:)alias\/aws\/sns$/;

/** The trail that feeds the log group: its selectors decide which of the control's events reach it at all. */
export interface FeedingTrail {
  summary: Pick<TrailSummary, "hasCustomEventSelectors">;
  selectors: Read<EventSelectors>;
}

/**
 * The whole path, from the API call to the person paged: the trail must record the control's events (its
 * selectors), then the log group must carry a complete filter -> alarm -> topic chain. A trail that drops some of
 * the control's events fails whatever the chain; selectors that could not be read leave a passing chain unknown.
 */
export function judgeWiring(
  control: JudgedControl,
  group: LogGroupDetail,
  account: string,
  trail?: FeedingTrail,
): WiringVerdict {
  const chain = judgeLogGroup(control, group, account);
  if (!trail) return chain;
  if (!trail.selectors.ok) {
    if (chain.status !== "pass") return chain;
    return unreadable("trailUnreadable", trail.selectors.error, chain.evidence);
  }
  const dropped = droppedEvents(trail.summary, trail.selectors.value, control.positives);
  if (dropped.length === 0) return chain;
  return {
    status: "fail",
    messageId: "trailDropsEvents",
    data: {
      dropped: dropped.map((d) => d.sample).join(", "),
      droppedCount: dropped.length,
      positiveCount: control.positives.length,
      causes: [...new Set(dropped.map((d) => d.cause))].join(", "),
    },
    evidence: {
      droppedEvents: dropped,
      selectors: trail.selectors.value,
      // What the log group would do with the events it does receive.
      logGroupVerdict: {
        status: chain.status,
        ...("messageId" in chain ? { messageId: chain.messageId } : {}),
      },
    },
  };
}

function judgeLogGroup(control: JudgedControl, group: LogGroupDetail, account: string): WiringVerdict {
  if (group.group.ok && !group.group.value.exists) {
    return {
      status: "fail",
      messageId: "noMatchingFilter",
      data: { filterCount: 0 },
      evidence: { logGroupExists: false },
    };
  }
  if (!group.metricFilters.ok) {
    return unreadable("filtersUnreadable", group.metricFilters.error, {});
  }
  const filters = group.metricFilters.value.map((f) => ({
    f,
    v: judgeFilter(control, f.pattern, { account, partition: partitionOf(group.region) }),
  }));
  const evidence = { filters: filters.map(({ f, v }) => filterEvidence(f, v)) };
  const satisfying = filters.filter(({ v }) => v.satisfied);
  if (satisfying.length === 0) {
    const noisy = filters.find(({ v }) => catchesAll(v) && v.noisy);
    if (noisy) {
      return {
        status: "fail",
        messageId: "filterNoisy",
        data: {
          filter: noisy.f.name,
          backgroundMatched: noisy.v.backgroundMatched.length,
          backgroundTotal: noisy.v.backgroundTotal,
        },
        evidence,
      };
    }
    const nearest = [...filters].sort((a, b) => byCloseness(a.v, b.v))[0];
    return {
      status: "fail",
      messageId: "noMatchingFilter",
      data: {
        filterCount: filters.length,
        nearestFilter: nearest?.f.name,
        missed: nearest && !nearest.v.error ? nearest.v.missed.join(", ") : undefined,
        wronglyMatched: nearest && !nearest.v.error ? nearest.v.wronglyMatched.join(", ") : undefined,
        patternError: nearest?.v.error ? nearest.v.error.message : undefined,
      },
      evidence: { ...evidence, ...(nearest ? { nearestFilter: nearest.f.name } : {}) },
    };
  }
  if (!group.alarms.ok) return unreadable("alarmsUnreadable", group.alarms.error, evidence);

  const outcomes: Outcome[] = [];
  for (const { f } of satisfying) {
    if (f.metrics.length === 0) {
      outcomes.push({ status: "fail", messageId: "noAlarm", data: { filter: f.name, metric: "(none)" } });
    }
    for (const m of f.metrics) outcomes.push(...metricOutcomes(control, f, m, group, account));
  }
  const passed = outcomes.find((o) => o.status === "pass");
  if (passed?.status === "pass") {
    // A pass shows the filters it relies on; every other filter's verdict on this control is noise there, and at
    // 15 controls over a log group's filters it made up most of a large organization's report and memory.
    const relied = satisfying.map(({ f, v }) => filterEvidence(f, v));
    return {
      status: "pass",
      data: passed.data,
      evidence: { filters: relied, otherFilters: filters.length - relied.length, ...passed.evidence },
    };
  }
  const unknown = outcomes.find((o) => o.status === "error");
  if (unknown?.status === "error")
    return unreadable(unknown.messageId, unknown.error, evidence, unknown.data);
  const stage = (o: Outcome) => (o.status === "fail" ? WIRING_FAILURES.indexOf(o.messageId) : -1);
  const furthest = outcomes.reduce((best, o) => (stage(o) > stage(best) ? o : best));
  if (furthest.status !== "fail") throw new Error("unreachable: every outcome failed");
  return {
    status: "fail",
    messageId: furthest.messageId,
    data: furthest.data,
    evidence: {
      ...evidence,
      ...furthest.evidence,
      chains: outcomes.map((o) => ({
        status: o.status,
        ...(o.status === "fail" ? { messageId: o.messageId } : {}),
        ...o.data,
      })),
    },
  };
}

function metricOutcomes(
  control: JudgedControl,
  f: MetricFilter,
  m: Metric,
  group: LogGroupDetail,
  account: string,
): Outcome[] {
  const alarms = group.alarms.ok ? group.alarms.value : [];
  const base: VerdictData = { filter: f.name, metric: m.name, namespace: m.namespace };
  // The filter publishes nothing for an event whose metricValue is not a number: no alarm can see it.
  const silent = unpublished(m, control.positives);
  if (silent.length > 0) {
    return [
      {
        status: "fail",
        messageId: "metricValueNotNumeric",
        data: {
          ...base,
          metricValue: m.value,
          unpublished: silent.join(", "),
          unpublishedCount: silent.length,
          positiveCount: control.positives.length,
        },
      },
    ];
  }
  const on = alarms.filter((a) => a.metrics.some((am) => am.name === m.name && am.namespace === m.namespace));
  if (on.length === 0) {
    const wrongNamespace = alarms.find((a) =>
      a.metrics.some((am) => am.name === m.name && am.namespace !== m.namespace),
    );
    if (wrongNamespace) {
      const am = wrongNamespace.metrics.find((x) => x.name === m.name && x.namespace !== m.namespace);
      return [
        {
          status: "fail",
          messageId: "alarmWrongNamespace",
          data: { ...base, alarm: wrongNamespace.name, alarmNamespace: am?.namespace },
        },
      ];
    }
    return [{ status: "fail", messageId: "noAlarm", data: base }];
  }
  const out: Outcome[] = [];
  for (const a of on) {
    const withAlarm: VerdictData = { ...base, alarm: a.name };
    let evaluation: Record<string, unknown>;
    if (a.isMetricMath) {
      // A metric-math alarm counts when one of its queries reads the filter's stream; its expression is not judged.
      const am = a.metrics.find((x) => x.name === m.name && x.namespace === m.namespace);
      if (!am || !sameDimensionKeys(am.dimensions, m.dimensions)) {
        out.push({
          status: "fail",
          messageId: "alarmDimensionsMismatch",
          data: {
            ...withAlarm,
            alarmDimensions: Object.keys(am?.dimensions ?? {}).join(", ") || "none",
            filterDimensions: Object.keys(m.dimensions ?? {}).join(", ") || "none",
            unseen: "all of them",
          },
        });
        continue;
      }
      evaluation = { evaluation: { metricMath: true, judged: false } };
    } else {
      const judged = judgeEvaluation(m, a, control.positives);
      if (!judged.ok) {
        out.push({
          status: "fail",
          messageId: judged.messageId,
          data: { ...withAlarm, ...judged.data },
          evidence: { alarm: a },
        });
        continue;
      }
      evaluation = judged.evidence;
    }
    if (!a.actionsEnabled) {
      out.push({ status: "fail", messageId: "actionsDisabled", data: withAlarm });
      continue;
    }
    const topics = a.alarmActions.filter(isTopicArn);
    if (topics.length === 0) {
      out.push({
        status: "fail",
        messageId: "noTopicAction",
        data: withAlarm,
        evidence: { alarmActions: a.alarmActions },
      });
      continue;
    }
    for (const topic of topics) {
      const o = topicOutcome(topic, group.topics[topic], a, withAlarm, account);
      out.push(o.status === "pass" ? { ...o, evidence: { ...o.evidence, ...evaluation } } : o);
    }
  }
  return out;
}

function topicOutcome(
  arn: string,
  detail: TopicDetail | undefined,
  alarm: MetricAlarm,
  base: VerdictData,
  account: string,
): Outcome {
  const data: VerdictData = { ...base, topic: arn };
  if (!detail) {
    return {
      status: "error",
      messageId: "topicUnreadable",
      data: { ...data, operation: "sns:GetTopicAttributes", code: "NotCollected" },
      error: {
        service: "sns",
        operation: "GetTopicAttributes",
        code: "NotCollected",
        message: "the topic was not read",
        resource: arn,
      },
    };
  }
  const attrs = detail.attributes.ok ? detail.attributes.value : undefined;
  let confirmed: number;
  let pending: number;
  if (detail.subscriptions.ok) {
    // ListSubscriptionsByTopic: a confirmed subscription has an ARN; pending ones say "PendingConfirmation".
    confirmed = detail.subscriptions.value.filter((s) => s.subscriptionArn.startsWith("arn:")).length;
    pending = detail.subscriptions.value.filter((s) => s.subscriptionArn === "PendingConfirmation").length;
  } else if (attrs?.SubscriptionsConfirmed !== undefined) {
    // The topic's own counters stand in when the list could not be read.
    confirmed = Number(attrs.SubscriptionsConfirmed);
    pending = Number(attrs.SubscriptionsPending ?? 0);
  } else {
    return topicUnreadable(data, detail.subscriptions.ok ? undefined : detail.subscriptions.error);
  }
  if (!(confirmed > 0)) {
    return { status: "fail", messageId: "noConfirmedSubscription", data: { ...data, pending } };
  }
  if (!attrs) return topicUnreadable(data, detail.attributes.ok ? undefined : detail.attributes.error);
  const policy = cloudWatchMayPublish(attrs.Policy, {
    topicArn: arn,
    sourceAccount: accountOf(alarm.arn) ?? account,
    sourceArn: alarm.arn,
  });
  if (policy.decision === "deny") {
    return {
      status: "fail",
      messageId: "topicPolicyDeniesCloudWatch",
      data: { ...data, denial: policy.reason, statement: policy.statement },
      evidence: { topicPolicy: attrs.Policy },
    };
  }
  const key = attrs.KmsMasterKeyId;
  if (key && AWS_MANAGED_SNS_KEY.test(key)) {
    return { status: "fail", messageId: "topicKeyDeniesCloudWatch", data: { ...data, key } };
  }
  return {
    status: "pass",
    data,
    evidence: {
      alarm: alarm.arn,
      topic: {
        arn,
        confirmedSubscriptions: confirmed,
        pendingSubscriptions: pending,
        policy,
        // A customer managed key must let cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*;
        // its key policy is not collected, so it is named here, not judged
        // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
        ...(key ? { kmsKey: key, kmsKeyPolicy: "not judged" } : {}),
      },
    },
  };
}

function topicUnreadable(data: VerdictData, error: CollectionError | undefined): Outcome {
  const e: CollectionError = error ?? {
    service: "sns",
    operation: "GetTopicAttributes",
    code: "NotCollected",
    message: "the topic was not read",
  };
  return {
    status: "error",
    messageId: "topicUnreadable",
    data: { ...data, operation: `${e.service}:${e.operation}`, code: e.code },
    error: e,
  };
}

function unreadable(
  messageId: WiringError,
  error: CollectionError,
  evidence: Record<string, unknown>,
  data: VerdictData = {},
): WiringVerdict {
  return {
    status: "error",
    messageId,
    data: { operation: `${error.service}:${error.operation}`, code: error.code, ...data },
    evidence: { ...evidence, error },
    error,
  };
}
