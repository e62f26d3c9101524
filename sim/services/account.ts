/** Account Management (restJson1): ListRegions for the caller's own account. */
import { SimError } from "../errors.ts";
import { paginate } from "../pagination.ts";
import { inputs, type ServiceDef } from "../service.ts";

const STATUSES = ["ENABLED", "ENABLING", "DISABLING", "DISABLED", "ENABLED_BY_DEFAULT"];

export const account: ServiceDef = {
  signingName: "account",
  protocols: ["restJson"],
  restRoutes: { "POST /listRegions": "ListRegions" },
  eventSource: "account.amazonaws.com",
  throttling: { code: "TooManyRequestsException", message: "Rate exceeded" },
  accessDeniedCode: "AccessDeniedException",
  refusalCode: "ValidationException",
  // Account Management model (@aws-sdk/client-account): every error carries its httpError.
  errors: { AccessDeniedException: 403, TooManyRequestsException: 429, ValidationException: 400 },
  operations: {
    ListRegions: {
      members: { honoured: ["AccountId", "MaxResults", "NextToken", "RegionOptStatusContains"] },
      rate: "api",
      handler: (ctx, input) => {
        if (input.AccountId !== undefined && input.AccountId !== ctx.account.id) {
          throw new SimError(
            "AccessDeniedException",
            "Cross-account ListRegions needs the organization's trusted access.",
            403,
          );
        }
        const wanted = inputs.list<string>(input, "RegionOptStatusContains");
        for (const s of wanted ?? []) {
          if (!STATUSES.includes(s))
            throw new SimError("ValidationException", `Invalid RegionOptStatus ${s}`);
        }
        const all = [...ctx.account.regions]
          .filter(([, status]) => !wanted || wanted.includes(status))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([RegionName, RegionOptStatus]) => ({ RegionName, RegionOptStatus }));
        const { page, nextToken } = paginate(
          all,
          inputs.str(input, "NextToken"),
          inputs.num(input, "MaxResults"),
          "account:ListRegions",
          { defaultSize: 50, maxSize: 50, invalidTokenCode: "ValidationException" },
        );
        return { Regions: page, NextToken: nextToken };
      },
    },
  },
};
