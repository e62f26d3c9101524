/**
 * `wirewatch doctor`'s reads: each set-up step a first scan depends on, tried for real, each answered as one
 * verdict with what to fix. Reads only; every call is one the audit policy already allows (or one that proves
 * it does not).
 */
import { ListRegionsCommand } from "@aws-sdk/client-account";
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
} from "@aws-sdk/client-cloudtrail";
import { DescribeAlarmsCommand, DescribeAlarmsForMetricCommand } from "@aws-sdk/client-cloudwatch";
import {
  DescribeAccountPoliciesCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { ListRulesCommand, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { DescribeOrganizationCommand, ListAccountsCommand } from "@aws-sdk/client-organizations";
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand } from "@aws-sdk/client-sns";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AccountClients, AwsLayer } from "../aws/layer.ts";
import { errorCode } from "../aws/layer.ts";
import type { Config } from "../config/schema.ts";
import { CredentialsError } from "../errors.ts";

export interface Verdict {
  /** Stable id of the step: credentials, organization, audit-role, external-id, permissions, regions, store, notify:<channel>. */
  step: string;
  ok: boolean;
  /** What was found, for a person. */
  detail: string;
  /** What to change when not ok. */
  fix?: string;
  /** The account the step was tried in, when it is about one. */
  accountId?: string;
  /** Audit-policy actions that were refused (permissions only). */
  denied?: string[];
}

/** Answers that mean the call itself was refused, as opposed to "allowed, but nothing by that name". */
const DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "AuthorizationError",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
]);

const PROBE = "wirewatch-doctor-probe";

/**
 * One harmless call per action of the audit policy. Calls about a resource name one that does not exist: AWS
 * authorizes a request before it looks the resource up, so "not found" proves the action is allowed.
 */
function permissionProbes(c: AccountClients, region: string, topicArn: string) {
  return {
    "account:ListRegions": () => c.account().send(new ListRegionsCommand({ MaxResults: 1 })),
    "cloudtrail:DescribeTrails": () => c.cloudtrail(region).send(new DescribeTrailsCommand({})),
    "cloudtrail:GetEventSelectors": () =>
      c.cloudtrail(region).send(new GetEventSelectorsCommand({ TrailName: PROBE })),
    "cloudtrail:GetTrailStatus": () => c.cloudtrail(region).send(new GetTrailStatusCommand({ Name: PROBE })),
    // Attribution reads event history (who changed a new finding).
    "cloudtrail:LookupEvents": () => c.cloudtrail(region).send(new LookupEventsCommand({ MaxResults: 1 })),
    "cloudwatch:DescribeAlarms": () =>
      c.cloudwatch(region).send(new DescribeAlarmsCommand({ MaxRecords: 1 })),
    "cloudwatch:DescribeAlarmsForMetric": () =>
      c.cloudwatch(region).send(new DescribeAlarmsForMetricCommand({ MetricName: PROBE, Namespace: PROBE })),
    "events:ListRules": () => c.events(region).send(new ListRulesCommand({ Limit: 1 })),
    "events:ListTargetsByRule": () => c.events(region).send(new ListTargetsByRuleCommand({ Rule: PROBE })),
    "logs:DescribeAccountPolicies": () =>
      c.logs(region).send(new DescribeAccountPoliciesCommand({ policyType: "SUBSCRIPTION_FILTER_POLICY" })),
    "logs:DescribeLogGroups": () => c.logs(region).send(new DescribeLogGroupsCommand({ limit: 1 })),
    "logs:DescribeMetricFilters": () => c.logs(region).send(new DescribeMetricFiltersCommand({ limit: 1 })),
    "logs:DescribeSubscriptionFilters": () =>
      c.logs(region).send(new DescribeSubscriptionFiltersCommand({ logGroupName: PROBE })),
    "sns:GetTopicAttributes": () => c.sns(region).send(new GetTopicAttributesCommand({ TopicArn: topicArn })),
    "sns:ListSubscriptionsByTopic": () =>
      c.sns(region).send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn })),
  } as const;
}

export const PROBED_ACTIONS = Object.keys(permissionProbes({} as AccountClients, "", "")).sort();

type Attempt<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

async function attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    return { ok: false, ...errorCode(err) };
  }
}

/** The hub identity: credentials found, and whose they are. */
export async function probeCredentials(layer: AwsLayer): Promise<Verdict & { arn?: string }> {
  try {
    await layer.requireHubCredentials();
  } catch (err) {
    if (!(err instanceof CredentialsError)) throw err;
    return {
      step: "credentials",
      ok: false,
      detail: "no AWS credentials were found",
      fix: "set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a container or instance role",
    };
  }
  const sts = layer.hub().get("sts", layer.options.homeRegion);
  const r = await attempt(() => sts.send(new GetCallerIdentityCommand({})));
  if (!r.ok) {
    return {
      step: "credentials",
      ok: false,
      detail: `credentials were found but STS refused them (${r.code}: ${r.message})`,
      fix: "check that the access key is active and the session token (if any) has not expired",
    };
  }
  const arn = r.value.Arn;
  return { step: "credentials", ok: true, detail: `the hub identity is ${arn ?? "unknown"}`, arn };
}

/** Organizations access, or the configured list; returns the active account ids to sample. */
export async function probeOrganization(
  layer: AwsLayer,
  config: Config,
): Promise<{ verdict: Verdict; accounts: string[]; managementAccountId?: string }> {
  const org = config.organization;
  if (org.discovery === "list") {
    const accounts = org.accounts.map((a) => a.id);
    return {
      verdict: {
        step: "organization",
        ok: accounts.length > 0,
        detail: `discovery: list, ${accounts.length} accounts in the config`,
        ...(accounts.length === 0 ? { fix: "list the accounts to scan under organization.accounts" } : {}),
      },
      accounts,
    };
  }
  const client = layer.hub().get("organizations", layer.options.homeRegion);
  const desc = await attempt(() => client.send(new DescribeOrganizationCommand({})));
  if (!desc.ok) {
    return {
      verdict: {
        step: "organization",
        ok: false,
        detail: `organizations:DescribeOrganization was refused (${desc.code})`,
        fix:
          "run as the management account or a delegated administrator, or set organization.discovery: list " +
          "with organization.accounts",
      },
      accounts: [],
    };
  }
  try {
    const d = desc.value;
    const page = await client.send(new ListAccountsCommand({ MaxResults: 20 }));
    const active = (page.Accounts ?? [])
      .filter((a) => (a.State ?? a.Status ?? "ACTIVE") === "ACTIVE" && a.Id)
      .map((a) => a.Id!)
      .sort();
    return {
      verdict: {
        step: "organization",
        ok: true,
        detail: `${d.Organization?.Id ?? "organization"}: ListAccounts allowed (${active.length} active in the first page)`,
      },
      accounts: active,
      managementAccountId: d.Organization?.MasterAccountId,
    };
  } catch (err) {
    const { code } = errorCode(err);
    return {
      verdict: {
        step: "organization",
        ok: false,
        detail: `organizations:ListAccounts was refused (${code})`,
        fix: "ListAccounts works only from the management or a delegated-administrator account",
      },
      accounts: [],
    };
  }
}

/** The audit role in one account: assumable, then every action of its policy allowed, then regions listed. */
export async function probeAccount(
  layer: AwsLayer,
  config: Config,
  accountId: string,
  externalId: string | undefined,
): Promise<Verdict[]> {
  const role = config.roles.audit;
  const clients = layer.assume(accountId, {
    name: role.name,
    sessionName: role.sessionName,
    durationSeconds: role.durationSeconds,
    externalId,
  });
  const creds = await attempt(() => clients.credentials());
  if (!creds.ok) {
    return [
      {
        step: "audit-role",
        ok: false,
        accountId,
        detail: `${role.name} cannot be assumed in ${accountId} (${creds.code}: ${creds.message})`,
        fix:
          `deploy the audit role ${role.name} in ${accountId} trusting the hub identity` +
          (role.externalIdEnv ? `, with the ExternalId held in ${role.externalIdEnv}` : "") +
          " (config/iam/audit-role-policy.json has its permissions)",
      },
    ];
  }
  const verdicts: Verdict[] = [
    { step: "audit-role", ok: true, accountId, detail: `${role.name} assumed in ${accountId}` },
  ];
  const region = layer.options.homeRegion;
  const partition = await layer.partition();
  const topicArn = `arn:${partition}:sns:${region}:${accountId}:${PROBE}`;
  const denied: string[] = [];
  for (const [action, call] of Object.entries(permissionProbes(clients, region, topicArn))) {
    const r = await attempt(call);
    if (!r.ok && DENIED.has(r.code)) denied.push(action);
  }
  verdicts.push(
    denied.length === 0
      ? {
          step: "permissions",
          ok: true,
          accountId,
          detail: `all ${PROBED_ACTIONS.length} actions of the audit policy allowed in ${accountId} ${region}`,
        }
      : {
          step: "permissions",
          ok: false,
          accountId,
          denied,
          detail: `${denied.length} of ${PROBED_ACTIONS.length} actions refused in ${accountId} ${region}: ${denied.join(", ")}`,
          fix: "grant them to the audit role (config/iam/audit-role-policy.json), or lift the SCP that denies them",
        },
  );
  const regions = await attempt(() =>
    clients
      .account()
      .send(new ListRegionsCommand({ RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] })),
  );
  if (!regions.ok) {
    verdicts.push({
      step: "regions",
      ok: false,
      accountId,
      detail: `the enabled regions of ${accountId} cannot be listed (${regions.code})`,
      fix: "allow account:ListRegions to the audit role",
    });
  } else {
    // A region an SCP closes (or where STS is off) is found here rather than as a gap in the first scan.
    const enabled = (regions.value.Regions ?? []).map((r) => r.RegionName).filter((r): r is string => !!r);
    const closed: string[] = [];
    for (const r of enabled.sort()) {
      const read = await attempt(() => clients.cloudtrail(r).send(new DescribeTrailsCommand({})));
      if (!read.ok && DENIED.has(read.code)) closed.push(`${r} (${read.code})`);
    }
    verdicts.push(
      closed.length === 0
        ? {
            step: "regions",
            ok: true,
            accountId,
            detail: `${enabled.length} regions enabled in ${accountId}, each readable`,
          }
        : {
            step: "regions",
            ok: false,
            accountId,
            detail: `${closed.length} of ${enabled.length} enabled regions of ${accountId} cannot be read: ${closed.join(", ")}`,
            fix: "lift the SCP that denies the audit role there, or leave the region out with regions.exclude",
          },
    );
  }
  clients.close();
  return verdicts;
}
