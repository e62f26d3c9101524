/**
 * Shared by the log group remediations (logs.*, alarms.*): find the trail log group a finding names, and refuse
 * what the scanned account does not own. An organization trail's group lives in the account that owns the trail;
 * a member sees it only through the shared index and must never be asked to change it.
 */
import { accountOf } from "../../src/inventory/arn.ts";
import type { LogGroupDetail } from "../../src/inventory/model.ts";
import type { AppliedTrail } from "../../src/engine/trails.ts";
import { allTrails, kindOf } from "../../src/engine/trails.ts";
import type { RemediationContext } from "../../src/remediate/remediation.ts";

export interface OwnedLogGroup {
  group: LogGroupDetail;
  trail: AppliedTrail;
}

export function ownedLogGroup(ctx: RemediationContext, arn: string): OwnedLogGroup | { refuse: string } {
  const account = ctx.inventory.accountId;
  const trail = allTrails(ctx).find(
    (t) => t.detail?.logGroup?.arn === arn || t.summary.cloudWatchLogsLogGroupArn === arn,
  );
  if (!trail) return { refuse: `log group ${arn} is not the log group of any trail in the inventory` };
  const owner = trail.summary.ownerAccountId;
  if (owner !== account || accountOf(arn) !== account) {
    return {
      refuse: `log group ${arn} of the ${kindOf(trail.summary)} trail ${trail.summary.name} belongs to account ${owner}: only its owner may change it`,
    };
  }
  const group = trail.detail?.logGroup;
  if (!group) return { refuse: `log group ${arn} of trail ${trail.summary.name} was not read` };
  if (!group.group.ok) {
    return { refuse: `log group ${group.name} could not be read (${group.group.error.code})` };
  }
  if (!group.group.value.exists) {
    return {
      refuse: `log group ${group.name} does not exist: trail ${trail.summary.name} must be pointed at a log group first`,
    };
  }
  return { group, trail };
}
