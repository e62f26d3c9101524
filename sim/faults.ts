/** Injected faults, matched by action, account and region: 5xx, throttling, and AccessDenied as an SCP would deny. */
import { z } from "zod";

export const faultRuleSchema = z.object({
  /** `service:Operation` (signing name, e.g. `cloudtrail:GetTrailStatus`), `service:*` or `*`. */
  action: z.string().default("*"),
  account: z.string().optional(),
  region: z.string().optional(),
  error: z.enum(["AccessDenied", "InternalError", "ServiceUnavailable", "Throttling"]),
  /** Fire this many times, then stop (a transient fault). */
  times: z.number().int().positive().optional(),
  /** Fire on every Nth matching request only. */
  every: z.number().int().positive().optional(),
});
export type FaultRule = z.input<typeof faultRuleSchema>;

interface ActiveRule {
  rule: z.output<typeof faultRuleSchema>;
  seen: number;
  fired: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ rule: faultRuleSchema.parse(r), seen: 0, fired: 0 }));
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule: faultRuleSchema.parse(rule), seen: 0, fired: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault to raise for this request, if any rule fires. */
  match(service: string, operation: string, account: string, region: string): FaultRule["error"] | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.account !== undefined && rule.account !== account) continue;
      if (rule.region !== undefined && rule.region !== region) continue;
      if (!actionMatches(rule.action, service, operation)) continue;
      if (rule.times !== undefined && active.fired >= rule.times) continue;
      active.seen += 1;
      if (rule.every !== undefined && active.seen % rule.every !== 0) continue;
      active.fired += 1;
      return rule.error;
    }
    return undefined;
  }
}

function actionMatches(pattern: string, service: string, operation: string): boolean {
  if (pattern === "*") return true;
  const [svc, op] = pattern.split(":");
  return svc === service && (op === "*" || op === operation);
}
