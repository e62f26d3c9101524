/**
 * Security Hub (restJson1): BatchImportFindings and GetFindings over the findings imported into the caller's own
 * account and region, as a custom integration imports them
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html,
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_GetFindings.html). A finding is keyed by ProductArn
 * and Id: importing it again updates it (RecordState ARCHIVED included), keeping its CreatedAt. BatchImportFindings
 * must be called by the account the finding names in AwsAccountId, with at most 100 findings a call
 * (https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html); a finding
 * that breaks a rule is answered in FailedFindings, not as an error of the call.
 */
import { SimError } from "../errors.ts";
import { paginate } from "../pagination.ts";
import { inputs, type RequestContext, type ServiceDef } from "../service.ts";

/** Attributes every imported finding must carry (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html). */
export const ASFF_REQUIRED = [
  "SchemaVersion",
  "Id",
  "ProductArn",
  "GeneratorId",
  "AwsAccountId",
  "Types",
  "CreatedAt",
  "UpdatedAt",
  "Severity",
  "Title",
  "Description",
  "Resources",
] as const;

type StoredFinding = Record<string, unknown> & { Id: string; ProductArn: string };

/** Imported findings per account and region, keyed `${ProductArn}|${Id}`. */
const stores = new WeakMap<object, Map<string, StoredFinding>>();
function findingsOf(ctx: RequestContext): Map<string, StoredFinding> {
  let m = stores.get(ctx.regionState);
  if (!m) {
    m = new Map();
    stores.set(ctx.regionState, m);
  }
  return m;
}

/** Why Security Hub would refuse one finding of a batch: its FailedFindings ErrorCode and ErrorMessage. */
function problem(
  ctx: RequestContext,
  f: Record<string, unknown>,
): { errorCode: string; message: string } | undefined {
  for (const k of ASFF_REQUIRED) {
    if (f[k] === undefined || f[k] === null || f[k] === "")
      return {
        errorCode: "InvalidInput",
        message: `Finding does not adhere to Amazon Finding Format. data.${k} is required.`,
      };
  }
  if (f.SchemaVersion !== "2018-10-08")
    return {
      errorCode: "InvalidInput",
      message: "Finding does not adhere to Amazon Finding Format. data.SchemaVersion should be 2018-10-08.",
    };
  const accountId = String(f.AwsAccountId);
  // A custom integration's default product ARN names the account and the region the call is made in.
  const expected = `arn:${ctx.world.partition}:securityhub:${ctx.region}:${ctx.account.id}:product/${ctx.account.id}/default`;
  if (accountId !== ctx.account.id || f.ProductArn !== expected)
    return {
      errorCode: "AccessDenied",
      message: `The caller is not allowed to import findings for account ${accountId} with product ${String(f.ProductArn)}.`,
    };
  if (!Array.isArray(f.Types) || f.Types.length === 0 || f.Types.length > 50)
    return {
      errorCode: "InvalidInput",
      message: "Finding does not adhere to Amazon Finding Format. data.Types must hold 1 to 50 types.",
    };
  if (!Array.isArray(f.Resources) || f.Resources.length === 0 || f.Resources.length > 32)
    return {
      errorCode: "InvalidInput",
      message:
        "Finding does not adhere to Amazon Finding Format. data.Resources must hold 1 to 32 resources.",
    };
  const title = String(f.Title);
  const description = String(f.Description);
  if (title.length > 256 || description.length > 1024)
    return {
      errorCode: "InvalidInput",
      message:
        "Finding does not adhere to Amazon Finding Format. data.Title is at most 256 characters and data.Description at most 1024.",
    };
  const label = (f.Severity as { Label?: string } | undefined)?.Label;
  if (!["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"].includes(label ?? ""))
    return {
      errorCode: "InvalidInput",
      message: "Finding does not adhere to Amazon Finding Format. data.Severity.Label is not valid.",
    };
  if (f.RecordState !== undefined && f.RecordState !== "ACTIVE" && f.RecordState !== "ARCHIVED")
    return {
      errorCode: "InvalidInput",
      message: "Finding does not adhere to Amazon Finding Format. data.RecordState is not valid.",
    };
  if (Number.isNaN(Date.parse(String(f.CreatedAt))) || Number.isNaN(Date.parse(String(f.UpdatedAt))))
    return {
      errorCode: "InvalidInput",
      message:
        "Finding does not adhere to Amazon Finding Format. data.CreatedAt and data.UpdatedAt must be timestamps.",
    };
  return undefined;
}

/** String filters of GetFindings the simulator evaluates: EQUALS and NOT_EQUALS on top-level string attributes. */
const STRING_FILTERS: Record<string, (f: StoredFinding) => string | undefined> = {
  Id: (f) => f.Id,
  ProductArn: (f) => f.ProductArn,
  AwsAccountId: (f) => f.AwsAccountId as string,
  GeneratorId: (f) => f.GeneratorId as string,
  RecordState: (f) => f.RecordState as string,
  SeverityLabel: (f) => (f.Severity as { Label?: string }).Label,
  ComplianceStatus: (f) => (f.Compliance as { Status?: string } | undefined)?.Status,
  WorkflowStatus: (f) => (f.Workflow as { Status?: string } | undefined)?.Status,
};

function matches(f: StoredFinding, filters: Record<string, unknown>): boolean {
  for (const [name, list] of Object.entries(filters)) {
    const get = STRING_FILTERS[name];
    if (!get)
      throw new SimError(
        "InvalidInputException",
        `The filter ${name} is not supported by the wirewatch simulator.`,
      );
    const conds = (list as Array<{ Value?: string; Comparison?: string }>) ?? [];
    const v = get(f);
    const eq = conds.filter((c) => (c.Comparison ?? "EQUALS") === "EQUALS");
    const ne = conds.filter((c) => c.Comparison === "NOT_EQUALS");
    for (const c of conds)
      if (c.Comparison !== undefined && c.Comparison !== "EQUALS" && c.Comparison !== "NOT_EQUALS")
        throw new SimError(
          "InvalidInputException",
          `The comparison ${c.Comparison} is not supported by the wirewatch simulator.`,
        );
    // Several EQUALS values of one filter are ORed; NOT_EQUALS values are ANDed.
    if (eq.length > 0 && !eq.some((c) => c.Value === v)) return false;
    if (ne.some((c) => c.Value === v)) return false;
  }
  return true;
}

export const securityhub: ServiceDef = {
  signingName: "securityhub",
  protocols: ["restJson"],
  restRoutes: { "POST /findings/import": "BatchImportFindings", "POST /findings": "GetFindings" },
  eventSource: "securityhub.amazonaws.com",
  // Security Hub answers a request over its rate with LimitExceededException
  // (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html#API_BatchImportFindings_Errors).
  throttling: { code: "LimitExceededException", message: "Rate exceeded" },
  accessDeniedCode: "AccessDeniedException",
  refusalCode: "InvalidInputException",
  // Security Hub model (@aws-sdk/client-securityhub): every error carries its httpError.
  errors: { AccessDeniedException: 403, InvalidInputException: 400, LimitExceededException: 429 },
  operations: {
    BatchImportFindings: {
      members: { honoured: ["Findings"] },
      write: true,
      handler: (ctx, input) => {
        const findings = inputs.list<Record<string, unknown>>(input, "Findings") ?? [];
        if (findings.length < 1 || findings.length > 100)
          throw new SimError("InvalidInputException", "Findings must hold from 1 to 100 findings.");
        const store = findingsOf(ctx);
        const failed: Array<{ Id: string; ErrorCode: string; ErrorMessage: string }> = [];
        let ok = 0;
        const now = ctx.now().toISOString();
        for (const f of findings) {
          const p = problem(ctx, f);
          if (p) {
            failed.push({ Id: String(f.Id ?? ""), ErrorCode: p.errorCode, ErrorMessage: p.message });
            continue;
          }
          const key = `${String(f.ProductArn)}|${String(f.Id)}`;
          const before = store.get(key);
          store.set(key, {
            ...f,
            Id: String(f.Id),
            ProductArn: String(f.ProductArn),
            RecordState: (f.RecordState as string | undefined) ?? "ACTIVE",
            // Security Hub keeps the first CreatedAt and fills in what only it knows.
            CreatedAt: before?.CreatedAt ?? f.CreatedAt,
            Region: ctx.region,
            CompanyName: "Personal",
            ProductName: "Default",
            ProcessedAt: now,
            Workflow: before?.Workflow ?? f.Workflow ?? { Status: "NEW" },
          });
          ok += 1;
        }
        return { FailedCount: failed.length, SuccessCount: ok, FailedFindings: failed };
      },
    },
    GetFindings: {
      members: {
        honoured: ["Filters", "MaxResults", "NextToken"],
        refused: { SortCriteria: "sorting: findings come in import order" },
      },
      handler: (ctx, input) => {
        const filters = (input.Filters as Record<string, unknown> | undefined) ?? {};
        const all = [...findingsOf(ctx).values()].filter((f) => matches(f, filters));
        const { page, nextToken } = paginate(
          all,
          inputs.str(input, "NextToken"),
          inputs.num(input, "MaxResults"),
          "securityhub:GetFindings",
          { defaultSize: 100, maxSize: 100, invalidTokenCode: "InvalidInputException" },
        );
        return { Findings: page, NextToken: nextToken };
      },
    },
  },
};
