/** CloudWatch (awsJson1_0 + awsQuery). Operations are filled in by the service's own module. */
import type { ServiceDef } from "../service.ts";

export const cloudwatch: ServiceDef = {
  signingName: "monitoring",
  protocols: ["json"],
  eventSource: "monitoring.amazonaws.com",
  throttling: { code: "ThrottlingException", status: 400, message: "Rate exceeded" },
  accessDeniedCode: "AccessDeniedException",
  operations: {},
};
