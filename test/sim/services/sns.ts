/** SNS (awsQuery). Operations are filled in by the service's own module. */
import type { ServiceDef } from "../service.ts";

export const sns: ServiceDef = {
  signingName: "sns",
  protocols: ["json"],
  eventSource: "sns.amazonaws.com",
  throttling: { code: "ThrottlingException", status: 400, message: "Rate exceeded" },
  accessDeniedCode: "AccessDeniedException",
  operations: {},
};
