/** Reading and writing plan files: plain JSON, validated on the way back in. */
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { InputError } from "../errors.ts";
import { PLAN_VERSION, type Plan } from "./plan.ts";

const findingKey = z.object({
  checkId: z.string(),
  accountId: z.string(),
  region: z.string(),
  resource: z.string(),
  messageId: z.string(),
});

export const planSchema = z.object({
  version: z.literal(PLAN_VERSION),
  planId: z.string(),
  createdAt: z.string(),
  changes: z.array(
    z.object({
      id: z.string(),
      remediationId: z.string(),
      fixes: z.array(findingKey),
      action: z.enum(["create", "update", "enable", "manual"]),
      accountId: z.string().regex(/^\d{12}$/),
      region: z.string(),
      resource: z.string(),
      summary: z.string(),
      calls: z.array(
        z.object({
          service: z.enum(["cloudtrail", "events", "logs", "monitoring"]),
          operation: z.string(),
          region: z.string(),
          input: z.record(z.string(), z.unknown()),
        }),
      ),
      manual: z.string().optional(),
      fingerprint: z.string(),
      before: z.unknown(),
    }),
  ),
  refused: z.array(z.object({ remediationId: z.string(), finding: findingKey, reason: z.string() })),
  unremediable: z.array(findingKey),
});

export async function writePlan(path: string, plan: Plan): Promise<void> {
  await writeFile(path, JSON.stringify(plan, null, 2) + "\n");
}

export async function readPlan(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new InputError(`cannot read plan ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`plan ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = planSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("\n");
    throw new InputError(`plan ${path} is not a wirewatch plan:\n${issues}`);
  }
  return parsed.data as Plan;
}
