/** CloudWatch Logs (awsJson1_1). Operations are filled in by the service's own module. */
import type { ServiceDef } from "../service.ts";

export const logs: ServiceDef = {
  signingName: "logs",
  protocols: ["json"],
  eventSource: "logs.amazonaws.com",
  throttling: { code: "ThrottlingException", status: 400, message: "Rate exceeded" },
  accessDeniedCode: "AccessDeniedException",
  operations: {},
};
