/** Reading and writing plan files: plain JSON, validated on the way back in. */
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { InputError } from "../errors.ts";
import { checkSignature, SIGNATURE_ALGORITHM, signPlan, type SignatureCheck } from "./integrity.ts";
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
      // A missing fingerprint is read as empty so apply can refuse that change as tampered, not the whole file.
      fingerprint: z.string().default(""),
      before: z.unknown(),
      hold: z
        .object({ reason: z.enum(["not-allowlisted", "over-change-cap"]), detail: z.string() })
        .optional(),
    }),
  ),
  refused: z.array(z.object({ remediationId: z.string(), finding: findingKey, reason: z.string() })),
  unremediable: z.array(findingKey),
  signature: z.object({ algorithm: z.literal(SIGNATURE_ALGORITHM), value: z.string() }).optional(),
  incidents: z.array(findingKey).optional(),
});

/** Writes the plan; with a key, signed (HMAC-SHA256 over its canonical JSON). */
export async function writePlan(path: string, plan: Plan, key?: string): Promise<void> {
  const { signature: _old, ...unsigned } = plan;
  const out: Plan = key ? { ...unsigned, signature: signPlan(unsigned, key) } : unsigned;
  await writeFile(path, JSON.stringify(out, null, 2) + "\n");
}

/**
 * Reads and validates a plan file. With a key, also says whether the file carries a valid signature for it (the
 * caller refuses the plan when not); without one, `signature` is "not-checked".
 */
export async function readPlan(
  path: string,
  key?: string,
): Promise<{ plan: Plan; signature: SignatureCheck | "not-checked" }> {
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
  return { plan: parsed.data as Plan, signature: key ? checkSignature(data, key) : "not-checked" };
}
