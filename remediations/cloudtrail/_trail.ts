/** Shared by the CloudTrail remediations: find the trail a finding names, and refuse what the account does not own. */
import type { TrailDetail, TrailSummary } from "../../src/inventory/model.ts";
import { allTrails } from "../../src/engine/trails.ts";
import type { RemediationContext } from "../../src/remediate/remediation.ts";

export function ownedTrail(
  ctx: RemediationContext,
  arn: string,
): { trail: TrailSummary; detail?: TrailDetail } | { refuse: string } {
  const found = allTrails(ctx).find((t) => t.summary.arn === arn);
  if (!found) return { refuse: `trail ${arn} is not in the inventory` };
  if (found.summary.ownerAccountId !== ctx.inventory.accountId) {
    return {
      refuse: `${found.summary.isOrganizationTrail ? "organization " : ""}trail ${found.summary.name} belongs to account ${found.summary.ownerAccountId}: only its owner may change it`,
    };
  }
  return { trail: found.summary, detail: found.detail };
}
