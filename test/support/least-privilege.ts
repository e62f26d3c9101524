/**
 * Least privilege, proven against the simulator: the policies generated into config/iam given to the principals of
 * a scenario (the simulator evaluates them per action, sim/iam.ts), one action taken out at a time, and an AWS layer
 * that does not pace itself (the simulator's rate limits are off) so a dozen scans stay quick.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AwsLayer } from "../../src/aws/layer.ts";
import { loadConfig, mergeConfig } from "../../src/config/load.ts";
import type { Config } from "../../src/config/schema.ts";
import { IAM_FILES } from "../../src/report/iam.ts";
import type { PolicyDocument } from "../../sim/iam.ts";
import { parseScenario } from "../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../sim/server.ts";
import { ROOT } from "./cli.ts";
import type { MutableScenario } from "./e2e.ts";
import { remediationConfig } from "./remediate.ts";

export function generatedPolicy(name: keyof typeof IAM_FILES): PolicyDocument {
  return JSON.parse(readFileSync(join(ROOT, IAM_FILES[name]), "utf8")) as PolicyDocument;
}

/** Every action a generated policy allows, in file order. */
export function actionsOf(policy: PolicyDocument): string[] {
  return policy.Statement.flatMap((s) => s.Action ?? []);
}

/** The policy with one action taken out of every statement (a statement left with none is dropped). */
export function without(policy: PolicyDocument, action: string): PolicyDocument {
  return {
    ...policy,
    Statement: policy.Statement.map((s) => ({
      ...s,
      Action: (s.Action ?? []).filter((a) => a !== action),
    })).filter((s) => s.Action.length > 0),
  };
}

export interface Principals {
  audit: PolicyDocument;
  remediation: PolicyDocument;
  hub: PolicyDocument;
}

export const GENERATED = (): Principals => ({
  audit: generatedPolicy("audit"),
  remediation: generatedPolicy("remediation"),
  hub: generatedPolicy("hub"),
});

/** The scenario with every principal's two-level `access` replaced by its generated policy. */
export function withPolicies(scenario: MutableScenario, p: Principals): MutableScenario {
  const s = JSON.parse(JSON.stringify(scenario)) as MutableScenario;
  const policyFor = (role: string) =>
    role === "WirewatchAudit" ? p.audit : role === "WirewatchRemediation" ? p.remediation : undefined;
  const give = (roles: Array<Record<string, unknown>> | undefined) => {
    for (const r of roles ?? []) {
      const policy = policyFor(String(r.name));
      if (!policy) continue;
      delete r.access;
      r.policies = [policy];
    }
  };
  give(s.defaults?.roles as Array<Record<string, unknown>> | undefined);
  for (const a of s.accounts) give(a.roles as Array<Record<string, unknown>> | undefined);
  const hub = s.hub as Record<string, unknown>;
  delete hub.access;
  hub.policies = [p.hub];
  return s;
}

export interface PolicyRun {
  sim: Simulator;
  config: Config;
  layer: AwsLayer;
  close(): Promise<void>;
}

/** A simulator serving the scenario (rate limits off) and wirewatch's config and layer pointed at it. */
export async function policyRun(scenario: MutableScenario): Promise<PolicyRun> {
  const sim = await startSimulator({ scenario: parseScenario(scenario), rateLimits: false });
  const config = loadConfig(
    undefined,
    mergeConfig(remediationConfig(), { aws: { endpoint: sim.endpoint } }) as Record<string, unknown>,
  );
  const layer = new AwsLayer({
    endpoint: sim.endpoint,
    // A denial is final; nothing here is throttled or faulted, so one attempt says what the policy says.
    maxAttempts: 1,
    maxCallsInFlight: config.aws.maxCallsInFlight,
    homeRegion: config.aws.homeRegion,
    credentials: { accessKeyId: sim.hub.accessKeyId, secretAccessKey: sim.hub.secretAccessKey },
    pacing: false,
  });
  return {
    sim,
    config,
    layer,
    close: async () => {
      layer.close();
      await sim.close();
    },
  };
}

/** The IAM action a simulator operation key (`signingName:Operation`) is authorised as. */
export const iamActionOf = (operationKey: string) => operationKey.replace(/^monitoring:/, "cloudwatch:");

/** The write operations the simulator recorded (every write, allowed or refused, is a CloudTrail event). */
export function recordedWrites(sim: Simulator, since: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [id, a] of sim.world.accounts) {
    for (const [region, st] of a.regionState) {
      for (const e of st.events.slice(since.get(`${id} ${region}`) ?? 0)) {
        const rec = JSON.parse(e.CloudTrailEvent) as { errorCode?: string };
        out.push(`${id} ${region} ${e.EventName}${rec.errorCode ? ` ${rec.errorCode}` : ""}`);
      }
    }
  }
  return out;
}

/** How many events each account and region holds now (seeded ones), so later writes can be told apart. */
export function eventCounts(sim: Simulator): Map<string, number> {
  const m = new Map<string, number>();
  for (const [id, a] of sim.world.accounts) {
    for (const [region, st] of a.regionState) m.set(`${id} ${region}`, st.events.length);
  }
  return m;
}
