/**
 * The check catalogue (docs/checks.md), rendered from the checks' metadata alone, so it cannot drift from the code:
 * scripts/gen-docs.ts writes it and test/checks-meta.test.ts fails when the committed file is stale.
 * The Markdown is written the way Prettier prints it (no tables, escaped prose), so `prettier --check` agrees.
 */
import type { Check, DetectionPath } from "../engine/check.ts";

export const CATALOGUE_FILE = "docs/checks.md";

const PATH_ORDER: readonly DetectionPath[] = ["archive", "log", "alarm", "fast"];

/** Escapes Markdown syntax in prose, so rationale text never turns into emphasis, links or HTML. */
function prose(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

/** An inline code span that survives backticks inside it. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

const list = (items: readonly string[]) => (items.length > 0 ? items.map(code).join(", ") : "none");

export function renderCatalogue(checks: readonly Check[]): string {
  const out: string[] = [
    "# Check catalogue",
    "",
    "<!-- Generated from the checks' metadata by `npm run docs` (scripts/gen-docs.ts). Do not edit by hand. -->",
    "",
    "Each check is one file under `checks/`, with its metadata beside its logic. Paths are the detection paths a",
    "failure affects ([architecture.md](architecture.md#detection-paths)): `breaks` leaves the path blind, `degrades` leaves it working with a",
    "weakness. Messages are templates: `{placeholders}` are filled from the finding's data.",
    "",
    `${checks.length} checks:`,
    "",
  ];
  for (const c of checks)
    out.push(`- ${code(c.meta.id)} (${c.meta.severity}, ${c.meta.scope}): ${prose(c.meta.title)}`);
  for (const c of checks) {
    const m = c.meta;
    const paths = PATH_ORDER.filter((p) => m.paths?.[p]).map((p) => `${p} ${m.paths?.[p]}`);
    out.push(
      "",
      `## ${m.id}`,
      "",
      prose(m.title),
      "",
      `- Severity: ${m.severity}`,
      `- Scope: ${m.scope}`,
      `- Paths: ${paths.length > 0 ? paths.join(", ") : "none"}`,
      `- Permissions: ${list(m.permissions)}`,
      `- Remediations: ${list(m.remediationIds)}`,
      ...(m.obscuresCoverage ? ["- Obscures coverage: a failure leaves every path of the cell unknown"] : []),
      "",
      prose(m.rationale),
      "",
      "Messages:",
      "",
    );
    for (const [id, template] of Object.entries<string>(m.messages))
      out.push(`- ${code(id)}: ${code(template)}`);
  }
  out.push("");
  return out.join("\n");
}

export const REMEDIATION_CATALOGUE_FILE = "docs/remediations.md";

/** The remediation catalogue (docs/remediations.md), from the remediations' metadata. */
export function renderRemediationCatalogue(
  remediations: ReadonlyArray<{
    meta: { id: string; title: string; fixes: string[]; permissions: string[]; description: string };
  }>,
): string {
  const out: string[] = [
    "# Remediation catalogue",
    "",
    "Generated from the remediations' metadata by `npm run docs`; do not edit by hand. `wirewatch plan` shows the",
    "exact calls each would make; `wirewatch apply` runs only the ids listed in `remediation.allowlist`, never",
    "deletes, and never changes a trail or log group another account owns.",
    "",
  ];
  for (const r of [...remediations].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    out.push(
      `## ${r.meta.id}`,
      "",
      prose(r.meta.title),
      "",
      prose(r.meta.description),
      "",
      `- fixes: ${list(r.meta.fixes)}`,
      `- permissions (remediation role): ${list(r.meta.permissions)}`,
      "",
    );
  }
  return out.join("\n");
}
