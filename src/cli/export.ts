/**
 * `wirewatch export securityhub`: a scan's JSON report imported into AWS Security Hub as ASFF findings
 * (src/report/asff.ts). Each account's findings are imported by that account, as BatchImportFindings requires
 * (https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html): wirewatch
 * assumes the remediation role there (importing is a write; the role needs securityhub:BatchImportFindings, which
 * the generated policy, exactly what apply needs, leaves out), at most 100 findings a call, into the home region.
 * Findings drift says resolved are imported ARCHIVED, so Security Hub stops showing what was fixed.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { errorCode, layerForCommand } from "../aws/layer.ts";
import { importFindings } from "../aws/securityhub.ts";
import { externalIdFor } from "../config/load.ts";
import { EXIT, InputError, UsageError } from "../errors.ts";
import { asffFindings, type AsffFinding } from "../report/asff.ts";
import { reportSchema, type ScanReport } from "../report/model.ts";
import { loadCommandConfig } from "./context.ts";
import type { Io } from "./io.ts";
import { writerContext } from "./writer-context.ts";

export const EXPORT_TARGETS = ["securityhub"] as const;

export interface ExportFlags {
  config?: string;
  report?: string;
  format?: "console" | "json";
}

export interface AccountExport {
  accountId: string;
  /** ACTIVE findings sent (open and suppressed). */
  active: number;
  /** ARCHIVED findings sent (resolved since the baseline). */
  archived: number;
  imported: number;
  failed: Array<{ id: string; code: string; message: string }>;
  /** The account could not be imported into at all (role not assumable, Security Hub not enabled, denied). */
  error: { code: string; message: string } | null;
}

export interface ExportResult {
  target: "securityhub";
  region: string;
  report: { path: string; scanId: string };
  accounts: AccountExport[];
  totals: { findings: number; imported: number; failed: number; accountsFailed: number };
}

async function readReport(path: string): Promise<ScanReport> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new InputError(
      `--report ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`--report ${path}: not JSON (${(err as Error).message})`);
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(
      `--report ${path}: not a wirewatch JSON report (${issue.path.join(".")}: ${issue.message})`,
    );
  }
  return parsed.data;
}

export async function exportSecurityHub(flags: ExportFlags, io: Io): Promise<ExportResult> {
  const config = loadCommandConfig(flags.config);
  const path = flags.report ?? join(config.report.outputDir, "wirewatch-report.json");
  const report = await readReport(path);
  const region = config.aws.homeRegion;
  const findings = asffFindings(report, writerContext(config, flags.config), { region });
  const byAccount = new Map<string, AsffFinding[]>();
  for (const f of findings) {
    const list = byAccount.get(f.AwsAccountId) ?? [];
    list.push(f);
    byAccount.set(f.AwsAccountId, list);
  }
  const role = config.roles.remediation;
  const spec = {
    name: role.name,
    sessionName: role.sessionName,
    durationSeconds: role.durationSeconds,
    externalId: externalIdFor(role, io.env),
  };
  const layer = layerForCommand(config.aws, io.env);
  const accounts: AccountExport[] = [];
  try {
    for (const [accountId, list] of [...byAccount].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const row: AccountExport = {
        accountId,
        active: list.filter((f) => f.RecordState === "ACTIVE").length,
        archived: list.filter((f) => f.RecordState === "ARCHIVED").length,
        imported: 0,
        failed: [],
        error: null,
      };
      const clients = layer.assume(accountId, spec);
      try {
        const r = await importFindings(clients, region, list);
        row.imported = r.imported;
        row.failed = r.failed;
      } catch (err) {
        row.error = errorCode(err);
      } finally {
        clients.close();
      }
      accounts.push(row);
    }
  } finally {
    layer.close();
  }
  return {
    target: "securityhub",
    region,
    report: { path, scanId: report.scanId },
    accounts,
    totals: {
      findings: findings.length,
      imported: accounts.reduce((n, a) => n + a.imported, 0),
      failed: accounts.reduce((n, a) => n + a.failed.length, 0),
      accountsFailed: accounts.filter((a) => a.error !== null).length,
    },
  };
}

function render(r: ExportResult): string {
  const out = [
    `Security Hub (${r.region}): ${r.totals.imported} of ${r.totals.findings} findings of scan ${r.report.scanId} imported` +
      (r.totals.failed + r.totals.accountsFailed > 0
        ? `; ${r.totals.failed} refused, ${r.totals.accountsFailed} account(s) not reached`
        : ""),
  ];
  for (const a of r.accounts) {
    const what = `${a.active} active, ${a.archived} archived`;
    if (a.error) out.push(`  ${a.accountId}  not imported: ${a.error.code}: ${a.error.message}`);
    else
      out.push(
        `  ${a.accountId}  ${a.imported} imported (${what})${a.failed.length ? `, ${a.failed.length} refused` : ""}`,
      );
    for (const f of a.failed.slice(0, 10)) out.push(`      ${f.id}: ${f.code}: ${f.message}`);
  }
  return out.join("\n") + "\n";
}

/** 0: every finding imported; 2: some finding or account could not be imported; 3: usage (before any call). */
export async function exportCommand(target: string, flags: ExportFlags, io: Io): Promise<number> {
  if (!(EXPORT_TARGETS as readonly string[]).includes(target)) {
    throw new UsageError(`unknown export target "${target}" (known: ${EXPORT_TARGETS.join(", ")})`);
  }
  const result = await exportSecurityHub(flags, io);
  io.stdout.write(flags.format === "json" ? JSON.stringify(result, null, 2) + "\n" : render(result));
  const t = result.totals;
  return t.failed + t.accountsFailed > 0 ? EXIT.incomplete : EXIT.ok;
}
