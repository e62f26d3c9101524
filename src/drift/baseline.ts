/** `scan --baseline previous-report.json`: the previous state from a JSON report kept by a CI job. */
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.ts";
import { REPORT_VERSION, reportSchema, type ScanReport } from "../report/model.ts";

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
  if (version !== REPORT_VERSION) {
    throw new InputError(
      `--baseline ${file}: a report of version ${JSON.stringify(version)}, this wirewatch reads ${REPORT_VERSION} ` +
        "(earlier reports carry no finding ids: keep a report of this version as the next baseline)",
    );
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(
      `--baseline ${file}: not a wirewatch report: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  return parsed.data;
}
