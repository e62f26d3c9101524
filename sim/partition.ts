/**
 * The simulated world's partition (scenario `partition`: aws, aws-us-gov or aws-cn): every ARN the simulator
 * mints carries it, and an ARN of another partition names nothing here, as in AWS, where partitions share no
 * resources. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
import type { World } from "./state.ts";

/** `arn:<partition>:` of the world, the start of every ARN it mints. */
export const arnPrefix = (world: Pick<World, "partition">): string => `arn:${world.partition}:`;

const compiled = new Map<string, RegExp>();

/**
 * A regular expression for an ARN of the world's partition: `rest` is the source after `arn:<partition>:`
 * (anchored at the start). Compiled once per partition and pattern.
 */
export function arnPattern(world: Pick<World, "partition">, rest: string): RegExp {
  const source = `^arn:${world.partition}:${rest}`;
  let re = compiled.get(source);
  if (!re) compiled.set(source, (re = new RegExp(source)));
  return re;
}
