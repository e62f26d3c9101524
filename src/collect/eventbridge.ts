/**
 * Fast-path collection for one account and region:
 *   events:ListRules on the default bus (paged, 100 a page), then
 *   events:ListTargetsByRule only for candidate rules: those whose pattern matches at least one sample
 *   "AWS API Call via CloudTrail" event, read or write. Other rules cannot forward CloudTrail API calls.
 */
import {
  ListRulesCommand,
  ListTargetsByRuleCommand,
  type Rule,
  type Target,
} from "@aws-sdk/client-eventbridge";
import type { AccountClients } from "../aws/layer.ts";
import { matchesEventPattern, parseEventPattern } from "../patterns/event-pattern.ts";
import { READ_API_CALLS, apiCallEvent, forwardingSamples } from "../samples/api-calls.ts";
import type { EventRule, Read, RuleTarget } from "../inventory/model.ts";
import { read } from "./read.ts";

const DEFAULT_BUS = "default";

/** True when the pattern matches at least one sample API-call event; an unparsable pattern is no candidate. */
export function isCandidate(pattern: string | undefined, accountId: string, region: string): boolean {
  if (!pattern) return false;
  let parsed;
  try {
    parsed = parseEventPattern(pattern);
  } catch {
    return false;
  }
  const samples = [...forwardingSamples(region), ...READ_API_CALLS];
  return samples.some((call) =>
    matchesEventPattern(parsed, apiCallEvent(call, { account: accountId, region })),
  );
}

function toTarget(t: Target): RuleTarget {
  return {
    id: t.Id ?? "",
    arn: t.Arn ?? "",
    roleArn: t.RoleArn,
    deadLetterArn: t.DeadLetterConfig?.Arn,
    retryPolicy: t.RetryPolicy
      ? {
          maximumRetryAttempts: t.RetryPolicy.MaximumRetryAttempts,
          maximumEventAgeInSeconds: t.RetryPolicy.MaximumEventAgeInSeconds,
        }
      : undefined,
    inputTransformed: t.InputTransformer !== undefined || t.Input !== undefined || t.InputPath !== undefined,
  };
}

export async function collectRules(
  clients: AccountClients,
  accountId: string,
  region: string,
): Promise<Read<EventRule[]>> {
  const client = clients.events(region);
  const listed = await read("events", "ListRules", region, undefined, async () => {
    // EventBridge publishes no paginator for ListRules: follow NextToken by hand.
    const rules: Rule[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new ListRulesCommand({ EventBusName: DEFAULT_BUS, Limit: 100, NextToken }),
      );
      rules.push(...(page.Rules ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return rules;
  });
  if (!listed.ok) return listed;
  const rules = await Promise.all(
    listed.value.map(async (r): Promise<EventRule> => {
      const rule: EventRule = {
        name: r.Name ?? "",
        arn: r.Arn ?? "",
        state: r.State ?? "ENABLED",
        eventPattern: r.EventPattern,
        managedBy: r.ManagedBy,
      };
      if (isCandidate(r.EventPattern, accountId, region)) {
        rule.targets = await read("events", "ListTargetsByRule", region, rule.arn, async () => {
          const targets: RuleTarget[] = [];
          let NextToken: string | undefined;
          do {
            const page = await client.send(
              new ListTargetsByRuleCommand({
                Rule: rule.name,
                EventBusName: DEFAULT_BUS,
                Limit: 100,
                NextToken,
              }),
            );
            targets.push(...(page.Targets ?? []).map(toTarget));
            NextToken = page.NextToken;
          } while (NextToken);
          return targets;
        });
      }
      return rule;
    }),
  );
  return { ok: true, value: rules };
}
