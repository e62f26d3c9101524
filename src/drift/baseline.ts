/** `scan --baseline previous-report.json`: the previous state from a JSON report kept by a CI job. */
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.ts";
import { z } from "zod";
import { READABLE_REPORT_VERSIONS, REPORT_VERSION, reportSchema, type ScanReport } from "../report/model.ts";

const baselineSchema = reportSchema.extend({ version: z.enum(READABLE_REPORT_VERSIONS) });

export async function readBaselineReport(file: string): Promise<ScanReport> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new InputError(
      `--baseline ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`--baseline ${file}: not JSON (${(err as Error).message})`);
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (!(READABLE_REPORT_VERSIONS as readonly unknown[]).includes(version)) {
    throw new InputError(
      `--baseline ${file}: a report of version ${JSON.stringify(version)}, this wirewatch reads ${READABLE_REPORT_VERSIONS.join(" and ")} ` +
        "(earlier reports carry no finding ids: keep a report of this version as the next baseline)",
    );
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(
      `--baseline ${file}: not a wirewatch report: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  // Read as this version: the minors between only add optional fields.
  return { ...parsed.data, version: REPORT_VERSION };
}
