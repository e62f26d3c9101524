/**
 * What `wirewatch init` can learn about the caller's organization before the first scan, read-only from the hub
 * identity: the organization and its management account, and, in the home region of the account it runs in, an
 * existing trail (an organization trail first) with its bucket, key and log group, where that log group's events
 * are subscribed to, and where a CloudTrail forwarding rule sends events. Anything it cannot read is left out and
 * said so; nothing here fails the command.
 */
import { DescribeTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeSubscriptionFiltersCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ListRulesCommand, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { DescribeOrganizationCommand } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AwsLayer } from "../aws/layer.ts";
import { errorCode } from "../aws/layer.ts";

export interface StarterFacts {
  callerArn?: string;
  organizationId?: string;
  managementAccountId?: string;
  /** True when DescribeOrganization answered: discovery through Organizations can work. */
  organizationsReadable: boolean;
  trail?: {
    name: string;
    isOrganizationTrail: boolean;
    s3Bucket?: string;
    kmsKeyId?: string;
    logGroup?: string;
  };
  logDestination?: string;
  forwardingDestination?: string;
  /** What could not be read, as `service:Operation (code)`. */
  unread: string[];
}

/** `arn:aws:logs:us-east-1:111...:destination:x` -> `arn:{partition}:logs:{region}:111...:destination:x`. */
export function templated(arn: string): string {
  const parts = arn.split(":");
  if (parts.length < 6) return arn;
  parts[1] = "{partition}";
  parts[3] = "{region}";
  return parts.join(":");
}

export async function discoverStarterFacts(layer: AwsLayer): Promise<StarterFacts> {
  const facts: StarterFacts = { organizationsReadable: false, unread: [] };
  const region = layer.options.homeRegion;
  const hub = layer.hub();
  const read = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (err) {
      facts.unread.push(`${what} (${errorCode(err).code})`);
      return undefined;
    }
  };
  facts.callerArn = (
    await read("sts:GetCallerIdentity", () => hub.get("sts", region).send(new GetCallerIdentityCommand({})))
  )?.Arn;
  const org = await read("organizations:DescribeOrganization", () =>
    hub.get("organizations", region).send(new DescribeOrganizationCommand({})),
  );
  if (org) {
    facts.organizationsReadable = true;
    facts.organizationId = org.Organization?.Id;
    facts.managementAccountId = org.Organization?.MasterAccountId;
  }
  const trails = await read("cloudtrail:DescribeTrails", () =>
    hub.cloudtrail(region).send(new DescribeTrailsCommand({ includeShadowTrails: false })),
  );
  const list = [...(trails?.trailList ?? [])].sort(
    (a, b) => Number(b.IsOrganizationTrail ?? false) - Number(a.IsOrganizationTrail ?? false),
  );
  const t = list.find((x) => x.IsMultiRegionTrail) ?? list[0];
  if (t?.Name) {
    const logGroup = t.CloudWatchLogsLogGroupArn?.split(":log-group:")[1]?.replace(/:\*$/, "");
    facts.trail = {
      name: t.Name,
      isOrganizationTrail: t.IsOrganizationTrail ?? false,
      s3Bucket: t.S3BucketName,
      kmsKeyId: t.KmsKeyId,
      logGroup,
    };
    if (logGroup) {
      const filters = await read("logs:DescribeSubscriptionFilters", () =>
        hub.logs(region).send(new DescribeSubscriptionFiltersCommand({ logGroupName: logGroup })),
      );
      const dest = filters?.subscriptionFilters?.find((f) => f.destinationArn)?.destinationArn;
      if (dest) facts.logDestination = templated(dest);
    }
  }
  const rules = await read("events:ListRules", () => hub.events(region).send(new ListRulesCommand({})));
  const forwarding = rules?.Rules?.find((r) => r.EventPattern?.includes("AWS API Call via CloudTrail"));
  if (forwarding?.Name) {
    const targets = await read("events:ListTargetsByRule", () =>
      hub.events(region).send(new ListTargetsByRuleCommand({ Rule: forwarding.Name })),
    );
    const bus = targets?.Targets?.find((x) => x.Arn?.includes(":event-bus/"))?.Arn;
    if (bus) facts.forwardingDestination = templated(bus);
  }
  return facts;
}
