/**
 * Which accounts to scan: Organizations ListAccounts from the management account (or the config's explicit list),
 * filtered by include/exclude. Suspended and closed accounts are kept in the scope but not scanned.
 */
import { DescribeOrganizationCommand, paginateListAccounts } from "@aws-sdk/client-organizations";
import type { AwsLayer } from "../aws/layer.ts";
import { errorCode } from "../aws/layer.ts";
import type { Config } from "../config/schema.ts";
import { DiscoveryError } from "../errors.ts";

export interface ScopedAccount {
  id: string;
  name?: string;
  /** Organizations `State` (or the retiring `Status` when State is absent). */
  state: string;
  scanned: boolean;
  /** Why an account is not scanned. */
  /** "interrupted": discovered, but the scan was interrupted before the account was read. */
  /** "other-shard": a shard's scan (`--shard I/N`) leaves it to the shard it belongs to. */
  skipReason?:
    "suspended" | "closed" | "pending" | "excluded" | "not-included" | "interrupted" | "other-shard";
}

export interface Discovery {
  organizationId?: string;
  managementAccountId?: string;
  accounts: ScopedAccount[];
}

const SCANNABLE = new Set(["ACTIVE"]);

export function skipReason(
  state: string,
  id: string,
  filter: Config["organization"],
): ScopedAccount["skipReason"] | undefined {
  if (filter.include.length > 0 && !filter.include.includes(id)) return "not-included";
  if (filter.exclude.includes(id)) return "excluded";
  if (SCANNABLE.has(state)) return undefined;
  if (state === "SUSPENDED") return "suspended";
  if (state === "CLOSED" || state === "PENDING_CLOSURE") return "closed";
  return "pending";
}

export async function discoverAccounts(layer: AwsLayer, config: Config): Promise<Discovery> {
  const org = config.organization;
  await layer.requireHubCredentials();
  if (org.discovery === "list") {
    return {
      accounts: org.accounts.map((a) => {
        const reason = skipReason("ACTIVE", a.id, org);
        return { id: a.id, name: a.name, state: "ACTIVE", scanned: !reason, skipReason: reason };
      }),
    };
  }
  const client = layer.hub().get("organizations", layer.options.homeRegion);
  let organizationId: string | undefined;
  let managementAccountId: string | undefined;
  try {
    const desc = await client.send(new DescribeOrganizationCommand({}));
    organizationId = desc.Organization?.Id;
    managementAccountId = desc.Organization?.MasterAccountId;
  } catch (err) {
    const { code, message } = errorCode(err);
    throw new DiscoveryError(
      `cannot describe the organization (organizations:DescribeOrganization: ${code}: ${message}). ` +
        `Run as the management account, or set organization.discovery: list with organization.accounts.`,
    );
  }
  const accounts: ScopedAccount[] = [];
  try {
    // Pages may be empty and still carry a NextToken: the paginator follows the token until it is null.
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const a of page.Accounts ?? []) {
        if (!a.Id) continue;
        const state = a.State ?? a.Status ?? "ACTIVE";
        const reason = skipReason(state, a.Id, org);
        accounts.push({ id: a.Id, name: a.Name, state, scanned: !reason, skipReason: reason });
      }
    }
  } catch (err) {
    const { code, message } = errorCode(err);
    throw new DiscoveryError(
      `cannot list the organization's accounts (organizations:ListAccounts: ${code}: ${message}). ` +
        `ListAccounts works only from the management or a delegated-administrator account; otherwise set ` +
        `organization.discovery: list with organization.accounts.`,
    );
  }
  accounts.sort((a, b) => a.id.localeCompare(b.id));
  return { organizationId, managementAccountId, accounts };
}

/** Enabled regions intersected with the config's include/exclude, sorted. */
export function selectRegions(enabled: string[], filter: Config["regions"]): string[] {
  return enabled
    .filter((r) => filter.include.length === 0 || filter.include.includes(r))
    .filter((r) => !filter.exclude.includes(r))
    .sort();
}
