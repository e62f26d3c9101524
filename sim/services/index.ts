/** Every simulated service, by SigV4 signing name (the credential scope's service). */
import type { ServiceDef } from "../service.ts";
import { account } from "./account.ts";
import { cloudtrail } from "./cloudtrail.ts";
import { cloudwatch } from "./cloudwatch.ts";
import { eventbridge } from "./eventbridge.ts";
import { logs } from "./logs.ts";
import { organizations } from "./organizations.ts";
import { securityhub } from "./securityhub.ts";
import { sns } from "./sns.ts";
import { sts } from "./sts.ts";

export const SERVICES: Record<string, ServiceDef> = {
  account,
  cloudtrail,
  events: eventbridge,
  logs,
  monitoring: cloudwatch,
  organizations,
  securityhub,
  sns,
  sts,
};
