/**
 * The findings the eventbridge.* checks share: reading the region's rules (rulesUnreadable when they are not
 * there), and the findings for the verdicts of analyzeForwarding (src/engine/forwarding.ts) that every check words
 * the same way. Each check keeps what differs: its samples, evidence and the wording of its messages.
 */
import { fillArnTemplate } from "../inventory/arn.ts";
import type { EventRule } from "../inventory/model.ts";
import type { CheckContext, FindingData } from "./check.ts";
import type { ForwardingAnalysis, ForwardingVerdict, RuleView } from "./forwarding.ts";
import { examples } from "./forwarding.ts";

export const FORWARDING_REMEDIATION = "eventbridge.put-forwarding-rule";

export interface ForwardingRegion {
  account: string;
  region: string;
  /** `<account>/<region>`, the resource of findings about the region as a whole. */
  here: string;
  /** The baseline destination, expanded for the region; undefined: any target counts. */
  destination?: string;
  /** The destination as messages show it. */
  shown: string;
}

export function forwardingRegion(ctx: CheckContext<string>): ForwardingRegion {
  const account = ctx.inventory.accountId;
  const region = ctx.region;
  const template = ctx.baseline.forwarding.destination;
  const destination = template ? fillArnTemplate(template, { account, region }) : undefined;
  return { account, region, here: `${account}/${region}`, destination, shown: destination ?? "any target" };
}

/** The rules of the region's default bus, or undefined once rulesUnreadable is reported. */
export function rulesOf(ctx: CheckContext<"rulesUnreadable">, at: ForwardingRegion): EventRule[] | undefined {
  const rules = ctx.inventory.regions[at.region]?.rules;
  if (rules?.ok) return rules.value;
  // Absent in inventories saved before the fast path was collected: not looked, not empty.
  const error = rules?.error ?? {
    service: "events",
    operation: "ListRules",
    code: "NotCollected",
    message: "rules were not collected",
    region: at.region,
  };
  ctx.report({
    status: "error",
    messageId: "rulesUnreadable",
    resource: at.here,
    data: { code: error.code },
    evidence: { error },
  });
  return undefined;
}

export const ruleNames = (vs: readonly RuleView[]): string => vs.map((v) => v.rule.name).join(", ");

/** A rule managed by another service cannot be changed by PutRule (ManagedRuleException). */
export const fixFor = (v: RuleView | undefined): string | null =>
  v?.rule.managedBy ? null : FORWARDING_REMEDIATION;

/** Where a finding about some rules stands: the rule when there is one, else the region. */
export function rulesResource(vs: readonly RuleView[], at: ForwardingRegion): string {
  return vs.length === 1 ? vs[0]!.rule.arn : at.here;
}

/** The remediation for some rules: the one rule's own, else the forwarding rule. */
export function rulesFix(vs: readonly RuleView[]): string | null {
  return vs.length === 1 ? fixFor(vs[0]) : FORWARDING_REMEDIATION;
}

/** targetsUnreadable or patternUnparsable, for the rule an unknown verdict could not judge. */
export function reportUnknown(
  ctx: CheckContext<"targetsUnreadable" | "patternUnparsable">,
  v: Extract<ForwardingVerdict, { kind: "unknown" }>,
  data: FindingData,
  evidence: Record<string, unknown>,
): void {
  if (v.cause === "targetsUnreadable") {
    ctx.report({
      status: "error",
      messageId: "targetsUnreadable",
      resource: v.rule.rule.arn,
      data: { ...data, rule: v.rule.rule.name, code: v.error.code },
      evidence: { ...evidence, error: v.error },
    });
  } else {
    ctx.report({
      status: "error",
      messageId: "patternUnparsable",
      resource: v.rule.rule.arn,
      data: { ...data, rule: v.rule.rule.name, path: v.path, error: v.error },
      evidence,
    });
  }
}

export interface GapWording<S extends string> {
  /** The check's message for stateExcludes: { rule, state }. */
  stateExcludes: S;
  /** Whether wrongTarget's data carries targetCount beside targets. */
  targetCount?: boolean;
}

/**
 * The finding for a gap verdict but noRule, which each check words itself: stateExcludes (the check's message,
 * { rule, state }) and wrongTarget ({ rule, targets }) about the first rule blamed, partialMatch ({ rules,
 * missedCount, missedExamples }) about the forwarding rules. Returns false, reporting nothing, for noRule.
 */
export function reportGap<S extends string>(
  ctx: CheckContext<S | "wrongTarget" | "partialMatch">,
  a: ForwardingAnalysis,
  v: Extract<ForwardingVerdict, { kind: "gap" }>,
  at: ForwardingRegion,
  wording: GapWording<NoInfer<S>>,
  data: FindingData,
  evidence: Record<string, unknown>,
): boolean {
  const first = v.rules[0];
  switch (v.gap) {
    case "noRule":
      return false;
    case "stateExcludes":
      ctx.report({
        status: "fail",
        messageId: wording.stateExcludes,
        resource: first!.rule.arn,
        data: { ...data, rule: first!.rule.name, state: first!.rule.state },
        evidence,
        remediationId: fixFor(first),
      });
      return true;
    case "wrongTarget":
      ctx.report({
        status: "fail",
        messageId: "wrongTarget",
        resource: first!.rule.arn,
        data: {
          ...data,
          rule: first!.rule.name,
          targets: first!.targets?.length ? first!.targets.map((t) => t.arn).join(", ") : "none",
          ...(wording.targetCount ? { targetCount: first!.targets?.length ?? 0 } : {}),
        },
        evidence,
        remediationId: fixFor(first),
      });
      return true;
    case "partialMatch":
      ctx.report({
        status: "fail",
        messageId: "partialMatch",
        resource: rulesResource(v.rules, at),
        data: {
          ...data,
          rules: ruleNames(v.rules),
          missedCount: a.missed.length,
          missedExamples: examples(a.missed),
        },
        evidence,
        remediationId: rulesFix(v.rules),
      });
      return true;
  }
}

/** The message ids each helper above reports itself, by helper name (test/checks-meta.test.ts reads them). */
export const FORWARDING_HELPER_MESSAGES = {
  rulesOf: ["rulesUnreadable"],
  reportUnknown: ["targetsUnreadable", "patternUnparsable"],
  reportGap: ["wrongTarget", "partialMatch"],
} as const;
