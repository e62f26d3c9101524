import { defineCheck } from "../../src/engine/check.ts";

/** Answers that mean "this region is closed to us" (an SCP, a disabled region), not a passing fault. */
const DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "AuthFailure",
  "RegionDisabledException",
  "OptInRequired",
]);

export default defineCheck({
  meta: {
    id: "org.region-reachable",
    title: "Every enabled region can be read",
    severity: "high",
    scope: "region",
    rationale:
      "A region the audit role cannot read (denied by an SCP, STS disabled there) is a region where an attacker can work unseen by this audit.",
    permissions: ["cloudtrail:DescribeTrails"],
    remediationIds: [],
    obscuresCoverage: true,
    messages: {
      readable: "The region was read.",
      regionDenied: "The region cannot be read: {operation} was refused with {code}: {error}",
      regionUnreadable: "The region could not be read: {operation} failed with {code}: {error}",
    },
  },
  evaluate(ctx) {
    const r = ctx.inventory.regions[ctx.region];
    if (!r) return;
    if (r.trails.ok) {
      ctx.report({
        status: "pass",
        messageId: "readable",
        resource: `${ctx.inventory.accountId}/${ctx.region}`,
      });
      return;
    }
    const e = r.trails.error;
    const denied = DENIED.has(e.code);
    ctx.report({
      status: denied ? "fail" : "error",
      messageId: denied ? "regionDenied" : "regionUnreadable",
      resource: `${ctx.inventory.accountId}/${ctx.region}`,
      data: { operation: `${e.service}:${e.operation}`, code: e.code, error: e.message },
      evidence: { error: e },
    });
  },
});
