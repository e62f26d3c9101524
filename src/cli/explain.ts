/**
 * `wirewatch explain [id]`: a check's or a remediation's metadata as a person reads it, or, with no id, the
 * catalogue of checks by area (what `wirewatch explain` is for when you do not know an id yet).
 */
import { CHECKS, findCheck } from "../../checks/index.ts";
import { REMEDIATION_BY_ID, REMEDIATIONS } from "../../remediations/index.ts";
import type { Check } from "../engine/check.ts";
import type { Remediation } from "../remediate/remediation.ts";
import { UsageError } from "../errors.ts";
import { didYouMean } from "../suggest.ts";

const areaOf = (id: string) => id.split(".")[0] ?? id;

/** One entry of the catalogue, as data: what `explain` lists and tests assert on. */
export interface CatalogueEntry {
  kind: "check" | "remediation";
  id: string;
  area: string;
  title: string;
  severity?: string;
  paths?: string[];
}

export function catalogue(): CatalogueEntry[] {
  return [
    ...CHECKS.map((c): CatalogueEntry => ({
      kind: "check",
      id: c.meta.id,
      area: areaOf(c.meta.id),
      title: c.meta.title,
      severity: c.meta.severity,
      paths: Object.keys(c.meta.paths ?? {}),
    })),
    ...REMEDIATIONS.map((r): CatalogueEntry => ({
      kind: "remediation",
      id: r.meta.id,
      area: areaOf(r.meta.id),
      title: r.meta.title,
    })),
  ];
}

export function renderCatalogue(entries: readonly CatalogueEntry[] = catalogue()): string {
  const out: string[] = [];
  const idWidth = Math.max(...entries.map((e) => e.id.length));
  for (const kind of ["check", "remediation"] as const) {
    const mine = entries.filter((e) => e.kind === kind);
    out.push(kind === "check" ? `Checks (${mine.length}), by area:` : `Remediations (${mine.length}):`);
    let area = "";
    for (const e of mine) {
      if (kind === "check" && e.area !== area) {
        area = e.area;
        out.push("", `  ${area}`);
      }
      const detail =
        kind === "check" ? ` [${e.severity}${e.paths?.length ? `; ${e.paths.join(", ")}` : ""}]` : "";
      out.push(`    ${e.id.padEnd(idWidth)}  ${e.title}${detail}`);
    }
    out.push("");
  }
  out.push("Explain one: wirewatch explain <id>", "");
  return out.join("\n");
}

function explainOneCheck(check: Check): string {
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

function explainRemediation(r: Remediation): string {
  const m = r.meta;
  return [
    `${m.id}: ${m.title}`,
    "",
    `fixes:        ${m.fixes.join(", ")}`,
    `permissions:  ${m.permissions.join(", ")}`,
    "",
    "What it does:",
    `  ${m.description}`,
    "",
    "It runs only when its id is in remediation.allowlist, after wirewatch plan shows the calls it would make.",
    "",
  ].join("\n");
}

/** A check or remediation explained; no id lists the catalogue. */
export function explain(id?: string): string {
  if (id === undefined) return renderCatalogue();
  const check = findCheck(id);
  if (check) return explainOneCheck(check);
  const remediation = REMEDIATION_BY_ID.get(id);
  if (remediation) return explainRemediation(remediation);
  const ids = [...CHECKS.map((c) => c.meta.id), ...REMEDIATIONS.map((r) => r.meta.id)];
  throw new UsageError(
    `unknown check or remediation id "${id}"${didYouMean(id, ids)}; \`wirewatch explain\` lists them all`,
  );
}
