/** CloudTrail (awsJson1_1). Operations are filled in by the service's own module. */
import type { ServiceDef } from "../service.ts";

export const cloudtrail: ServiceDef = {
  signingName: "cloudtrail",
  protocols: ["json"],
  eventSource: "cloudtrail.amazonaws.com",
  throttling: { code: "ThrottlingException", status: 400, message: "Rate exceeded" },
  accessDeniedCode: "AccessDeniedException",
  operations: {},
};
