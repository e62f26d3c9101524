/** The check registry: one explicit map, sorted by id. A meta-test fails on a check missing here. */
import type { Check } from "../src/engine/check.ts";
import cloudtrailMultiRegionLogging from "./cloudtrail/multi-region-logging.ts";
import orgAccountReachable from "./org/account-reachable.ts";
import orgRegionReachable from "./org/region-reachable.ts";

export const CHECKS: readonly Check[] = [
  cloudtrailMultiRegionLogging,
  orgAccountReachable,
  orgRegionReachable,
];

export function findCheck(id: string): Check | undefined {
  return CHECKS.find((c) => c.meta.id === id);
}
