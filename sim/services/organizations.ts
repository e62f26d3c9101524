/** Organizations (awsJson1_1): DescribeOrganization and ListAccounts, only from the management account. */
import { arnPrefix } from "../partition.ts";
import { SimError } from "../errors.ts";
import { paginate } from "../pagination.ts";
import { inputs, type RequestContext, type ServiceDef } from "../service.ts";
import type { AccountState } from "../state.ts";

/**
 * The retiring `Status` field, derived from `State`
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Account.html,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_account_state.html).
 */
function legacyStatus(a: AccountState): string {
  if (a.state === "SUSPENDED" || a.state === "CLOSED") return "SUSPENDED";
  if (a.state === "PENDING_CLOSURE") return "PENDING_CLOSURE";
  return "ACTIVE";
}

function requireOrg(ctx: RequestContext) {
  const org = ctx.world.organization;
  if (!org) {
    throw new SimError(
      "AWSOrganizationsNotInUseException",
      "Your account is not a member of an organization.",
    );
  }
  return org;
}

export const organizations: ServiceDef = {
  signingName: "organizations",
  protocols: ["json"],
  targetPrefix: "AWSOrganizationsV20161128",
  jsonVersion: "1.1",
  eventSource: "organizations.amazonaws.com",
  throttling: {
    code: "TooManyRequestsException",
    message: "AWS Organizations can't complete your request because it was throttled. Try again later.",
  },
  accessDeniedCode: "AccessDeniedException",
  refusalCode: "InvalidInputException",
  // Organizations model (@aws-sdk/client-organizations): every error carries its httpError.
  errors: {
    AccessDeniedException: 403,
    AWSOrganizationsNotInUseException: 404,
    InvalidInputException: 400,
    TooManyRequestsException: 429,
  },
  operations: {
    DescribeOrganization: {
      members: { honoured: [] },
      rate: "api",
      handler: (ctx) => {
        const org = requireOrg(ctx);
        if (!ctx.world.accounts.has(ctx.account.id))
          throw new SimError("AccessDeniedException", "Access denied");
        return {
          Organization: {
            Id: org.id,
            Arn: org.arn,
            FeatureSet: org.featureSet,
            MasterAccountArn: `${arnPrefix(ctx.world)}organizations::${org.masterAccountId}:account/${org.id}/${org.masterAccountId}`,
            MasterAccountId: org.masterAccountId,
            MasterAccountEmail: org.masterAccountEmail,
            AvailablePolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
          },
        };
      },
    },
    ListAccounts: {
      members: { honoured: ["NextToken", "MaxResults"] },
      rate: "api",
      handler: (ctx, input) => {
        const org = requireOrg(ctx);
        if (ctx.account.id !== org.masterAccountId) {
          throw new SimError(
            "AccessDeniedException",
            "You don't have permissions to access this resource. This operation can be called only from the organization's management account or by a member account that is a delegated administrator.",
          );
        }
        const all = [...ctx.world.accounts.values()].map((a) => ({
          Id: a.id,
          Arn: `${arnPrefix(ctx.world)}organizations::${org.masterAccountId}:account/${org.id}/${a.id}`,
          Email: a.email,
          Name: a.name,
          State: a.state,
          Status: legacyStatus(a),
          JoinedMethod: a.id === org.masterAccountId ? "CREATED" : "INVITED",
          JoinedTimestamp: a.joinedTimestamp,
        }));
        const { page, nextToken } = paginate(
          all,
          inputs.str(input, "NextToken"),
          inputs.num(input, "MaxResults"),
          "organizations:ListAccounts",
          {
            defaultSize: 20,
            maxSize: 20,
            invalidTokenCode: "InvalidInputException",
            emptyFirstPage: ctx.world.quirks?.emptyPages === true,
          },
        );
        return { Accounts: page, NextToken: nextToken };
      },
    },
  },
};
