/**
 * Security Hub imports: BatchImportFindings as the account that owns the findings, at most 100 a call
 * (https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html,
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html). A finding Security Hub
 * refuses comes back in FailedFindings with its code; the call itself succeeded.
 */
import { BatchImportFindingsCommand } from "@aws-sdk/client-securityhub";
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import type { AccountClients } from "./layer.ts";

/** Security Hub's limit of findings a BatchImportFindings call. */
export const IMPORT_BATCH_SIZE = 100;

export interface ImportResult {
  imported: number;
  failed: Array<{ id: string; code: string; message: string }>;
}

export async function importFindings(
  clients: AccountClients,
  region: string,
  findings: readonly object[],
): Promise<ImportResult> {
  const client = clients.get("securityhub", region);
  const result: ImportResult = { imported: 0, failed: [] };
  for (let i = 0; i < findings.length; i += IMPORT_BATCH_SIZE) {
    const batch = findings.slice(i, i + IMPORT_BATCH_SIZE) as AwsSecurityFinding[];
    const out = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
    result.imported += out.SuccessCount ?? 0;
    for (const f of out.FailedFindings ?? [])
      result.failed.push({ id: f.Id ?? "", code: f.ErrorCode ?? "", message: f.ErrorMessage ?? "" });
  }
  return result;
}
