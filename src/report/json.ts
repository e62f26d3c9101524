/**
 * The JSON report (model.ts), written as JSON.stringify(report, null, 2) would write it, but one top-level field
 * and one batch of findings at a time, so a report far larger than any one string V8 allows is still written.
 */
import type { ScanReport } from "./model.ts";
import type { ReportWriter } from "./writer.ts";

/** Findings serialised per chunk: large enough to keep writes few, small enough to keep each piece small. */
const FINDINGS_PER_CHUNK = 500;

/** `JSON.stringify(value, null, 2)` nested `depth` levels deep: every line after the first indented to match. */
const nested = (value: unknown, depth: number) =>
  JSON.stringify(value, null, 2).replace(/\n/g, "\n" + "  ".repeat(depth));

export function* jsonReportChunks(report: ScanReport): Generator<string> {
  // JSON.stringify leaves out undefined fields, and so does this.
  const fields = Object.entries(report).filter(([, v]) => v !== undefined);
  yield "{";
  for (const [i, [key, value]] of fields.entries()) {
    const sep = i < fields.length - 1 ? "," : "";
    if (key === "findings" && Array.isArray(value) && value.length > 0) {
      yield `\n  ${JSON.stringify(key)}: [`;
      for (let at = 0; at < value.length; at += FINDINGS_PER_CHUNK) {
        const batch = value.slice(at, at + FINDINGS_PER_CHUNK);
        yield batch.map((f, j) => `${at + j === 0 ? "" : ","}\n    ${nested(f, 2)}`).join("");
      }
      yield `\n  ]${sep}`;
    } else {
      yield `\n  ${JSON.stringify(key)}: ${nested(value, 1)}${sep}`;
    }
  }
  yield fields.length > 0 ? "\n}\n" : "}\n";
}

export const jsonWriter: ReportWriter = {
  format: "json",
  fileName: "wirewatch-report.json",
  render: (report) => [...jsonReportChunks(report)].join(""),
  chunks: (report) => jsonReportChunks(report),
};
