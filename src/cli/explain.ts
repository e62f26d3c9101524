/** `wirewatch explain <check-id>`: a check's metadata as a person reads it. */
import { CHECKS, findCheck } from "../../checks/index.ts";
import { UsageError } from "../errors.ts";
import { didYouMean } from "../suggest.ts";

export function explainCheck(id: string): string {
  const check = findCheck(id);
  if (!check) {
    const ids = CHECKS.map((c) => c.meta.id);
    throw new UsageError(
      `unknown check id "${id}"${didYouMean(id, ids)} ` +
        `(known ids: ${CHECKS.map((c) => c.meta.id).join(", ")})`,
    );
  }
  const m = check.meta;
  const paths = Object.entries(m.paths ?? {})
    .map(([p, e]) => `${p} (${e})`)
    .join(", ");
  return [
    `${m.id}: ${m.title}`,
    "",
    `severity:     ${m.severity}`,
    `scope:        ${m.scope === "region" ? "each account and region" : "each account"}`,
    ...(paths ? [`paths:        ${paths}`] : []),
    `permissions:  ${m.permissions.join(", ")}`,
    `remediations: ${m.remediationIds.length ? m.remediationIds.join(", ") : "none (a person must act)"}`,
    "",
    "Why it matters:",
    `  ${m.rationale}`,
    "",
    "What it reports:",
    ...Object.entries(m.messages).map(([k, v]) => `  ${k}: ${v}`),
    "",
  ].join("\n");
}
