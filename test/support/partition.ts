/**
 * A bundled scenario moved to another partition, as the same organization would look in GovCloud or China: every
 * ARN gets the partition, the scenario's regions are mapped onto the partition's (regions without a counterpart
 * are dropped with their wiring), and the hub's region is the partition's first.
 */
import type { Partition } from "../../src/inventory/arn.ts";
import type { MutableScenario } from "./e2e.ts";

/** Commercial region -> its stand-in in each partition (GovCloud and China have two regions each). */
export const REGION_MAP: Record<Exclude<Partition, "aws">, Record<string, string>> = {
  "aws-us-gov": { "us-east-1": "us-gov-west-1", "eu-west-1": "us-gov-east-1" },
  "aws-cn": { "us-east-1": "cn-north-1", "eu-west-1": "cn-northwest-1" },
};

const REGION = /^[a-z]{2}-[a-z]+-\d$/;
const DROP = Symbol("drop");

export function inPartition(
  scenario: MutableScenario,
  partition: Exclude<Partition, "aws">,
): MutableScenario {
  const map = REGION_MAP[partition];
  const region = (r: string) => map[r];
  const rewrite = (value: unknown): unknown => {
    if (typeof value === "string") {
      if (value.startsWith("arn:aws:")) {
        const parts = value.split(":");
        parts[1] = partition;
        if (parts[3]) {
          const r = region(parts[3]);
          if (!r) return DROP;
          parts[3] = r;
        }
        return parts.join(":");
      }
      if (REGION.test(value)) return region(value) ?? DROP;
      return value;
    }
    if (Array.isArray(value)) return value.map(rewrite).filter((v) => v !== DROP);
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const key = REGION.test(k) ? region(k) : k;
        if (key === undefined) continue;
        const w = rewrite(v);
        if (w !== DROP) out[key] = w;
      }
      return out;
    }
    return value;
  };
  const moved = rewrite(scenario) as MutableScenario;
  return { ...moved, partition, description: `${scenario.description ?? ""} (in ${partition})` };
}
