import { INVENTORY_UNREADABLE, SCAN_INTERRUPTED } from "../../src/inventory/model.ts";
import { defineCheck } from "../../src/engine/check.ts";

export default defineCheck({
  meta: {
    id: "org.account-reachable",
    title: "The audit role can be assumed in every active account",
    severity: "high",
    scope: "account",
    rationale:
      "An account wirewatch cannot enter is an account nobody is auditing: its monitoring may be broken and no report would say so.",
    // sts:AssumeRole is the hub's permission (config/iam/hub-policy.json); the audit role lists its regions.
    permissions: ["account:ListRegions"],
    remediationIds: [],
    obscuresCoverage: true,
    messages: {
      reachable: "The audit role was assumed and the enabled regions were listed.",
      roleNotAssumable: "The audit role {role} cannot be assumed: {code}: {error}",
      regionsUnreadable: "The enabled regions cannot be listed ({code}: {error}); no region was scanned.",
      scanInterrupted:
        "The scan was interrupted ({signal}) before this account was read; it was not scanned.",
      inventoryUnreadable:
        "The saved inventory {file} cannot be read ({error}); the account was not evaluated.",
    },
  },
  evaluate(ctx) {
    const inv = ctx.inventory;
    const role = inv.access.ok ? inv.access.value.principalArn : (inv.access.error.resource ?? "audit role");
    if (!inv.access.ok && inv.access.error.code === SCAN_INTERRUPTED) {
      ctx.report({
        status: "error",
        messageId: "scanInterrupted",
        resource: inv.accountId,
        data: { signal: inv.access.error.message },
        evidence: { error: inv.access.error },
      });
      return;
    }
    if (!inv.access.ok && inv.access.error.code === INVENTORY_UNREADABLE) {
      // Could not look: the account's saved inventory is missing or damaged (scan --inventory).
      const e = inv.access.error;
      const file = e.resource ?? inv.accountId;
      ctx.report({
        status: "error",
        messageId: "inventoryUnreadable",
        resource: file,
        data: { file, error: e.message, ...(e.position ?? {}) },
        evidence: { error: e },
      });
      return;
    }
    if (!inv.access.ok) {
      const e = inv.access.error;
      ctx.report({
        status: "fail",
        messageId: "roleNotAssumable",
        resource: role,
        data: { role, code: e.code, error: e.message },
        evidence: { error: e },
      });
      return;
    }
    if (!inv.enabledRegions.ok) {
      const e = inv.enabledRegions.error;
      ctx.report({
        status: "error",
        messageId: "regionsUnreadable",
        resource: inv.accountId,
        data: { code: e.code, error: e.message },
        evidence: { error: e },
      });
      return;
    }
    ctx.report({ status: "pass", messageId: "reachable", resource: role });
  },
});
