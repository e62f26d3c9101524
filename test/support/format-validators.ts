/**
 * Validates written reports with the tools their consumers trust: SARIF with the official SARIF multitool
 * (including its GitHub rules) and the OASIS JSON Schema, JUnit XML with xmllint against a published JUnit XSD.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/report-formats");
export const SARIF_SCHEMA_FILE = join(FIXTURES, "sarif-schema-2.1.0.json");
export const JUNIT_XSD_FILE = join(FIXTURES, "junit-10.xsd");

// The OASIS schema is draft-04. Its `language` pattern has a stray "]", an error under the u flag: compile without it.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_FILE, "utf8")) as object);

/** Violations of the OASIS SARIF 2.1.0 schema (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validateSarif(log)) return [];
  return (validateSarif.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""}`);
}

export interface MultitoolVerdict {
  /** "<ruleId>: <message>" of every error-level result of `validate` (SARIF rules and GitHub's GH rules). */
  errors: string[];
  warnings: string[];
}

/** The SARIF multitool's `validate` verdict on a file, with GitHub's rules (GH*) as well as SARIF's. */
export function multitoolValidate(file: string): MultitoolVerdict {
  const require = createRequire(import.meta.url);
  const binary = require("@microsoft/sarif-multitool") as string;
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-sarif-"));
  try {
    const out = join(dir, "validation.sarif");
    const run = spawnSync(
      binary,
      ["validate", file, "--output", out, "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh", "--quiet"],
      // A .NET single-file tool: invariant globalization spares it libicu.
      { encoding: "utf8", env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1" } },
    );
    let verdict: {
      runs: Array<{ results?: Array<{ ruleId?: string; level?: string; message: { text?: string } }> }>;
    };
    try {
      verdict = JSON.parse(readFileSync(out, "utf8")) as typeof verdict;
    } catch {
      throw new Error(
        `sarif-multitool wrote no verdict (exit ${String(run.status)}):\n${run.stdout}\n${run.stderr}`,
      );
    }
    const results = verdict.runs.flatMap((r) => r.results ?? []);
    const line = (r: (typeof results)[number]) =>
      `${r.ruleId ?? "?"}: ${r.message.text ?? JSON.stringify((r.message as { arguments?: unknown }).arguments ?? [])}`;
    return {
      errors: results.filter((r) => (r.level ?? "warning") === "error").map(line),
      warnings: results.filter((r) => (r.level ?? "warning") === "warning").map(line),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** xmllint's complaints about a JUnit file against the vendored XSD (empty when valid). */
export function junitXsdErrors(file: string): string[] {
  const run = spawnSync("xmllint", ["--noout", "--schema", JUNIT_XSD_FILE, file], { encoding: "utf8" });
  if (run.error) throw new Error(`xmllint did not run (Debian package libxml2-utils): ${run.error.message}`);
  if (run.status === 0) return [];
  return run.stderr.split("\n").filter((l) => l && !l.endsWith(" validates"));
}

/** Validates text rather than a file. */
export function junitTextErrors(xml: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-junit-"));
  try {
    const file = join(dir, "report.xml");
    writeFileSync(file, xml);
    return junitXsdErrors(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
