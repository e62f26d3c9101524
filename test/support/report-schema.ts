/** Validates reports against the published JSON Schema file (docs/schema/report.schema.json), not the zod source. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { SCHEMA_FILES } from "../../src/report/json-schemas.ts";
import type { ScanReport } from "../../src/report/model.ts";

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILES.report, "utf8")) as object);

/** Returns the schema violations of a report (empty when it is valid). */
export function reportSchemaErrors(report: unknown): string[] {
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""}`);
}

/**
 * Reads the JSON report a scan wrote to `dir` and checks it against the published schema; throws with the scan's
 * exit code and output when there is none, or with the violations when it is invalid.
 */
export function readValidReport(
  dir: string,
  result: { code: number | null; stdout: string; stderr: string },
  fileName = "wirewatch-report.json",
): ScanReport {
  let report: ScanReport;
  try {
    report = JSON.parse(readFileSync(join(dir, fileName), "utf8")) as ScanReport;
  } catch {
    throw new Error(`no JSON report (exit ${String(result.code)}):\n${result.stderr}\n${result.stdout}`);
  }
  const errors = reportSchemaErrors(report);
  if (errors.length > 0) throw new Error(`report violates its schema:\n${errors.join("\n")}`);
  return report;
}
