/**
 * CloudTrail (awsJson1_1, target prefix CloudTrail_20131101): trails with shadow and organization-trail views,
 * status, basic and advanced event selectors, trail writes, and LookupEvents over the account's event history.
 * API reference: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/
 *
 * Resolution rules shared by the operations (sources in the comments where each is applied):
 * - a bare name means a trail of the caller's account whose home is the signed region; the error for an unknown
 *   name quotes the ARN built from the caller's account and region ("Unknown trail: arn:...:<caller>:trail/x
 *   for the user: <caller>", elastic/cloudbeat#1750, ankane/s3tk#18);
 * - an ARN names one trail wherever it lives; another account's ARN is CloudTrailARNInvalidException ("AccountID
 *   in ARN is wrong", prowler-cloud/prowler#2025, cloudquery/cq-provider-aws#405), except the organization trails
 *   of the management account, which member accounts may read by ARN but not change.
 */
import { arnPattern, arnPrefix } from "../partition.ts";
import { SimError } from "../errors.ts";
import type { Input } from "../protocol.ts";
import { paginate } from "../pagination.ts";
import { inputs, type RequestContext, type ServiceDef } from "../service.ts";
import type {
  AccountState,
  AdvancedEventSelector,
  AdvancedFieldSelector,
  CloudTrailEventRecord,
  EventSelector,
  TrailState,
} from "../state.ts";

const fail = (code: string, message: string) => new SimError(code, message, 400);

// ---------------------------------------------------------------------------------------------------------------
// Names and ARNs

/** Trail name rules from the CreateTrail API reference (InvalidTrailNameException). */
function isValidTrailName(name: string): boolean {
  return (
    name.length >= 3 &&
    name.length <= 128 &&
    /^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$/.test(name) &&
    !/[._-]{2}/.test(name) &&
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(name)
  );
}

function trailNameError(name: string): SimError {
  return fail(
    "InvalidTrailNameException",
    `Trail name ${name} is invalid. Trail names must contain only ASCII letters, numbers, periods, underscores and dashes, start and end with a letter or number, be 3 to 128 characters long, have no adjacent periods, underscores or dashes, and not be an IP address.`,
  );
}

const TRAIL_ARN = String.raw`cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$`;

type TrailRef =
  | { kind: "name"; name: string }
  | { kind: "arn"; arn: string; region: string; account: string; name: string };

/** A Name / TrailName parameter: a trail ARN (CloudTrailARNInvalidException when malformed) or a valid name. */
function parseTrailRef(ctx: RequestContext, value: string | undefined): TrailRef {
  if (value === undefined || value === "") {
    throw fail("InvalidTrailNameException", "Trail name or ARN can not be empty.");
  }
  if (value.startsWith("arn:")) {
    const m = arnPattern(ctx.world, TRAIL_ARN).exec(value);
    if (!m || !isValidTrailName(m[3]!)) {
      throw fail("CloudTrailARNInvalidException", `Invalid trail ARN: ${value}`);
    }
    return { kind: "arn", arn: value, region: m[1]!, account: m[2]!, name: m[3]! };
  }
  if (!isValidTrailName(value)) throw trailNameError(value);
  return { kind: "name", name: value };
}

const trailArn = (ctx: RequestContext, region: string, account: string, name: string) =>
  `${arnPrefix(ctx.world)}cloudtrail:${region}:${account}:trail/${name}`;

function unknownTrail(ctx: RequestContext, ref: TrailRef): SimError {
  const arn = ref.kind === "arn" ? ref.arn : trailArn(ctx, ctx.region, ctx.account.id, ref.name);
  return fail("TrailNotFoundException", `Unknown trail: ${arn} for the user: ${ctx.account.id}`);
}

function wrongAccount(ctx: RequestContext): SimError {
  return fail(
    "CloudTrailARNInvalidException",
    `AccountID in ARN is wrong, you can only access resources with AccountID ${ctx.account.id}.`,
  );
}

/** A trail where it lives, without creating region state for regions the account never used. */
function trailAt(account: AccountState, region: string, name: string): TrailState | undefined {
  return account.regionState.get(region)?.trails.get(name);
}

/** The management account whose organization trails the caller sees, when the caller is a member. */
function orgOwnerOf(ctx: RequestContext): AccountState | undefined {
  const org = ctx.world.organization;
  if (!org || org.masterAccountId === ctx.account.id) return undefined;
  return ctx.world.accounts.get(org.masterAccountId);
}

/** An organization trail of the management account, as a member account may see it. */
function memberVisibleOrgTrail(ctx: RequestContext, ref: TrailRef & { kind: "arn" }) {
  const owner = orgOwnerOf(ctx);
  if (!owner || owner.id !== ref.account) return undefined;
  const trail = trailAt(owner, ref.region, ref.name);
  return trail?.IsOrganizationTrail ? trail : undefined;
}

interface Resolved {
  trail: TrailState;
  /** The caller reads another account's organization trail. */
  viaOrg: boolean;
}

/**
 * Read access (GetTrailStatus, GetEventSelectors). A name must be the caller's trail homed in this region: a shadow
 * trail's name elsewhere is TrailNotFoundException ("To get the status of a shadow trail ... you must specify its
 * ARN", GetTrailStatus API reference; aws/aws-sdk-go-v2#1957). An ARN may be used from any region. A member account
 * reads an organization trail by ARN ("If the trail is an organization trail and you are a member account ... you
 * must provide the full ARN", GetTrailStatus API reference; elastic/cloudbeat#1759 switched to the ARN to fix #1750).
 */
function resolveForRead(ctx: RequestContext, value: string | undefined): Resolved {
  const ref = parseTrailRef(ctx, value);
  if (ref.kind === "name") {
    const trail = ctx.regionState.trails.get(ref.name);
    if (!trail) throw unknownTrail(ctx, ref);
    return { trail, viaOrg: false };
  }
  if (ref.account === ctx.account.id) {
    const trail = trailAt(ctx.account, ref.region, ref.name);
    if (!trail) throw unknownTrail(ctx, ref);
    return { trail, viaOrg: false };
  }
  const orgTrail = memberVisibleOrgTrail(ctx, ref);
  if (orgTrail) return { trail: orgTrail, viaOrg: true };
  throw wrongAccount(ctx);
}

/**
 * Write access (UpdateTrail, DeleteTrail, StartLogging, StopLogging, PutEventSelectors): only the owner, only in the
 * home region. "For a trail enabled in all Regions, this operation must be called from the Region in which the trail
 * was created, or an InvalidHomeRegionException will occur" (StopLogging API reference). A member acting on an
 * organization trail gets NotOrganizationMasterAccountException, the code these operations declare for callers that
 * are not the management account (StopLogging / DeleteTrail API reference, Errors).
 */
function resolveForWrite(ctx: RequestContext, value: string | undefined): TrailState {
  const ref = parseTrailRef(ctx, value);
  if (ref.kind === "name") {
    const trail = ctx.regionState.trails.get(ref.name);
    if (trail) return trail;
    const shadowOf = [...ctx.account.regionState.values()]
      .map((rs) => rs.trails.get(ref.name))
      .find((t) => t?.IsMultiRegionTrail);
    if (shadowOf) throw homeRegionError(ctx, shadowOf);
    throw unknownTrail(ctx, ref);
  }
  if (ref.account !== ctx.account.id) {
    if (memberVisibleOrgTrail(ctx, ref)) {
      throw fail(
        "NotOrganizationMasterAccountException",
        `The request was made from account ${ctx.account.id}, which is not the management account of the organization. Only the management account can change organization trail ${ref.arn}.`,
      );
    }
    throw wrongAccount(ctx);
  }
  const trail = trailAt(ctx.account, ref.region, ref.name);
  if (!trail) throw unknownTrail(ctx, ref);
  if (trail.HomeRegion !== ctx.region) throw homeRegionError(ctx, trail);
  return trail;
}

function homeRegionError(ctx: RequestContext, trail: TrailState): SimError {
  return fail(
    "InvalidHomeRegionException",
    `Trail ${trail.TrailARN} can only be changed in its home region ${trail.HomeRegion}, not in ${ctx.region}.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Response shapes

const hasCustomSelectors = (t: TrailState) =>
  t.eventSelectors !== undefined || t.advancedEventSelectors !== undefined;

/** DescribeTrails' Trail shape. */
function describeTrail(t: TrailState) {
  return {
    Name: t.Name,
    S3BucketName: t.S3BucketName,
    S3KeyPrefix: t.S3KeyPrefix,
    SnsTopicName: t.SnsTopicName,
    SnsTopicARN: t.SnsTopicARN,
    IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
    IsMultiRegionTrail: t.IsMultiRegionTrail,
    HomeRegion: t.HomeRegion,
    TrailARN: t.TrailARN,
    LogFileValidationEnabled: t.LogFileValidationEnabled,
    CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn,
    KmsKeyId: t.KmsKeyId,
    HasCustomEventSelectors: hasCustomSelectors(t),
    HasInsightSelectors: false,
    IsOrganizationTrail: t.IsOrganizationTrail,
    RecursiveLogging: t.RecursiveLogging,
  };
}

/** CreateTrail / UpdateTrail response shape (no HomeRegion, no selector flags). */
function trailWriteResponse(t: TrailState) {
  return {
    Name: t.Name,
    S3BucketName: t.S3BucketName,
    S3KeyPrefix: t.S3KeyPrefix,
    SnsTopicName: t.SnsTopicName,
    SnsTopicARN: t.SnsTopicARN,
    IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
    IsMultiRegionTrail: t.IsMultiRegionTrail,
    TrailARN: t.TrailARN,
    LogFileValidationEnabled: t.LogFileValidationEnabled,
    CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn,
    KmsKeyId: t.KmsKeyId,
    IsOrganizationTrail: t.IsOrganizationTrail,
    RecursiveLogging: t.RecursiveLogging,
  };
}

/** The retired string fields GetTrailStatus still returns, e.g. "2015-11-06T18:36:38Z" (aws-cli get-trail-status example). */
const legacyTime = (d: Date | undefined) => d?.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * GetTrailStatus. A member account reading an organization trail gets the logging state but no delivery details:
 * the response for an organization trail in a member account lacks LatestDeliveryError
 * (aws-samples/service-screener-v2#201, fixed in #204). Delivery health is read in the owner account
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html).
 */
function trailStatus(t: TrailState, viaOrg: boolean) {
  const s = t.status;
  const logging = {
    IsLogging: s.IsLogging,
    StartLoggingTime: s.StartLoggingTime,
    StopLoggingTime: s.StopLoggingTime,
    TimeLoggingStarted: legacyTime(s.StartLoggingTime),
    TimeLoggingStopped: legacyTime(s.StopLoggingTime),
  };
  if (viaOrg) return logging;
  const attempt = legacyTime(s.LatestDeliveryTime);
  return {
    ...logging,
    LatestDeliveryTime: s.LatestDeliveryTime,
    LatestDeliveryError: s.LatestDeliveryError,
    LatestNotificationError: s.LatestNotificationError,
    LatestCloudWatchLogsDeliveryTime: s.LatestCloudWatchLogsDeliveryTime,
    LatestCloudWatchLogsDeliveryError: s.LatestCloudWatchLogsDeliveryError,
    LatestDigestDeliveryTime: s.LatestDigestDeliveryTime,
    LatestDigestDeliveryError: s.LatestDigestDeliveryError,
    LatestDeliveryAttemptTime: attempt,
    LatestDeliveryAttemptSucceeded: s.LatestDeliveryError ? "" : attempt,
  };
}

/** A trail without custom selectors logs all read and write management events (PutEventSelectors API reference). */
const DEFAULT_SELECTOR: EventSelector = {
  ReadWriteType: "All",
  IncludeManagementEvents: true,
  DataResources: [],
  ExcludeManagementEventSources: [],
};

/** Either EventSelectors or AdvancedEventSelectors, never both; the other key is absent (ScoutSuite #1424). */
function selectorsOf(t: TrailState) {
  if (t.advancedEventSelectors) return { AdvancedEventSelectors: t.advancedEventSelectors };
  return { EventSelectors: t.eventSelectors ?? [DEFAULT_SELECTOR] };
}

// ---------------------------------------------------------------------------------------------------------------
// Visibility for DescribeTrails

interface Listed {
  trail: TrailState;
  /** Not homed in the signed region, or not owned by the caller. */
  shadow: boolean;
}

/**
 * The caller's trails homed here, then the shadows: its multi-region trails homed elsewhere and, for a member
 * account, the management account's organization trails that reach this region (DescribeTrails API reference,
 * includeShadowTrails: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html).
 */
function trailsInRegion(ctx: RequestContext): Listed[] {
  const out: Listed[] = [...ctx.regionState.trails.values()].map((trail) => ({ trail, shadow: false }));
  for (const [region, rs] of ctx.account.regionState) {
    if (region === ctx.region) continue;
    for (const trail of rs.trails.values()) if (trail.IsMultiRegionTrail) out.push({ trail, shadow: true });
  }
  const owner = orgOwnerOf(ctx);
  for (const [region, rs] of owner?.regionState ?? []) {
    for (const trail of rs.trails.values()) {
      if (trail.IsOrganizationTrail && (trail.IsMultiRegionTrail || region === ctx.region)) {
        out.push({ trail, shadow: true });
      }
    }
  }
  return out;
}

/**
 * trailNameList: names match only the caller's trails homed in this region; an ARN reaches a trail in another
 * region, or an organization trail seen from a member (DescribeTrails API reference, trailNameList note).
 * Unknown names and ARNs are left out of the answer (not verified).
 */
function trailsByName(ctx: RequestContext, names: string[]): Listed[] {
  const out: Listed[] = [];
  for (const value of names) {
    const ref = parseTrailRef(ctx, value);
    if (ref.kind === "name") {
      const trail = ctx.regionState.trails.get(ref.name);
      if (trail) out.push({ trail, shadow: false });
    } else if (ref.account === ctx.account.id) {
      const trail = trailAt(ctx.account, ref.region, ref.name);
      if (trail) out.push({ trail, shadow: trail.HomeRegion !== ctx.region });
    } else {
      const trail = memberVisibleOrgTrail(ctx, ref);
      if (trail) out.push({ trail, shadow: true });
    }
  }
  return out;
}

/**
 * ListTrails (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTrails.html): name, ARN and home
 * region of the trails the account sees in the signed region, the same set DescribeTrails lists with shadow trails:
 * "trails are viewable only in the AWS Regions where they log events"
 * (https://docs.amazonaws.cn/en_us/awscloudtrail/latest/userguide/cloudtrail-concepts-trails-managing-and-using.html),
 * so a single-Region trail homed elsewhere is not listed. ListTrails takes no page size and AWS publishes none;
 * LIST_TRAILS_PAGE is a stand-in. A bad NextToken is InvalidNextTokenException (assumed: ListTrails models no
 * token error of its own).
 */
const LIST_TRAILS_PAGE = 50;

function listTrails(ctx: RequestContext, input: Input) {
  const seen = new Set<string>();
  const trails = trailsInRegion(ctx)
    .filter((l) => !seen.has(l.trail.TrailARN) && seen.add(l.trail.TrailARN))
    .map(({ trail }) => ({ TrailARN: trail.TrailARN, Name: trail.Name, HomeRegion: trail.HomeRegion }));
  const { page, nextToken } = paginate(
    trails,
    inputs.str(input, "NextToken"),
    undefined,
    "cloudtrail:ListTrails",
    {
      defaultSize: LIST_TRAILS_PAGE,
      maxSize: LIST_TRAILS_PAGE,
      invalidTokenCode: "InvalidNextTokenException",
    },
  );
  return { Trails: page, NextToken: nextToken };
}

// ---------------------------------------------------------------------------------------------------------------
// Trail settings shared by CreateTrail and UpdateTrail

/**
 * S3 bucket naming rules: docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html. A missing bucket is
 * assumed to get the same error (not verified); whether the bucket exists is not simulated.
 */
function checkBucket(name: string | undefined): string {
  if (
    name === undefined ||
    !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ||
    name.includes("..") ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(name)
  ) {
    throw fail("InvalidS3BucketNameException", `Bucket name ${String(name)} is not valid.`);
  }
  return name;
}

function checkPrefix(prefix: string): string | undefined {
  // "The maximum length is 200 characters" (CreateTrail API reference, S3KeyPrefix).
  if (prefix.length > 200)
    throw fail("InvalidS3PrefixException", "S3 key prefix is longer than 200 characters.");
  return prefix === "" ? undefined : prefix;
}

/** SnsTopicName is a topic name or ARN; the trail keeps both (CreateTrail API reference, SnsTopicName). */
function snsTopic(ctx: RequestContext, value: string): { name?: string; arn?: string } {
  if (value === "") return {};
  const arn = arnPattern(ctx.world, String.raw`sns:[a-z0-9-]+:\d{12}:([A-Za-z0-9_-]{1,256})$`).exec(value);
  if (arn) return { name: arn[1], arn: value };
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(value)) {
    throw fail("InvalidSnsTopicNameException", `SNS topic name ${value} is not valid.`);
  }
  return { name: value, arn: `${arnPrefix(ctx.world)}sns:${ctx.region}:${ctx.account.id}:${value}` };
}

/**
 * KmsKeyId: alias name, alias ARN, key ARN or key id; the trail reports a full ARN (CreateTrail API reference).
 * Without a KMS simulation an alias stays an alias ARN instead of resolving to its key.
 */
function kmsKey(ctx: RequestContext, value: string): string | undefined {
  if (value === "") return undefined;
  if (arnPattern(ctx.world, String.raw`kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$`).test(value)) return value;
  if (/^alias\/[A-Za-z0-9/_-]+$/.test(value)) {
    return `${arnPrefix(ctx.world)}kms:${ctx.region}:${ctx.account.id}:${value}`;
  }
  if (/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/.test(value)) {
    return `${arnPrefix(ctx.world)}kms:${ctx.region}:${ctx.account.id}:key/${value}`;
  }
  throw fail("InvalidKmsKeyIdException", `KMS key ${value} is not valid.`);
}

/**
 * CloudWatch Logs delivery: a log group of the caller's account in the trail's home region, and a role with it
 * ("You must use a log group that exists in your account", CreateTrail API reference). A group without a role is
 * "InvalidCloudWatchLogsRoleArnException: You must specify a role ARN as well as a log group"
 * (hashicorp/terraform-provider-aws#148); the reverse case is assumed to be the log-group exception.
 * Empty strings remove the delivery (UpdateTrail).
 */
function cloudWatchLogs(
  ctx: RequestContext,
  groupArn: string | undefined,
  roleArn: string | undefined,
): { group?: string; role?: string } {
  const group = groupArn === "" ? undefined : groupArn;
  const role = roleArn === "" ? undefined : roleArn;
  if (group === undefined && role === undefined) return {};
  if (group === undefined) {
    throw fail(
      "InvalidCloudWatchLogsLogGroupArnException",
      "You must specify a log group as well as a role ARN.",
    );
  }
  if (role === undefined) {
    throw fail(
      "InvalidCloudWatchLogsRoleArnException",
      "You must specify a role ARN as well as a log group.",
    );
  }
  const m = arnPattern(ctx.world, String.raw`logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(:\*)?$`).exec(
    group,
  );
  if (!m || m[1] !== ctx.region || m[2] !== ctx.account.id || !ctx.regionState.logGroups.has(m[3]!)) {
    throw fail(
      "InvalidCloudWatchLogsLogGroupArnException",
      "CloudTrail cannot validate the specified log group ARN.",
    );
  }
  if (!arnPattern(ctx.world, String.raw`iam::\d{12}:role\/[\w+=,.@/-]+$`).test(role)) {
    throw fail("InvalidCloudWatchLogsRoleArnException", "CloudTrail cannot validate the specified role ARN.");
  }
  return { group: `${arnPrefix(ctx.world)}logs:${m[1]}:${m[2]}:log-group:${m[3]}:*`, role };
}

/**
 * IsOrganizationTrail=true: only the management account of an organization with all features (CreateTrail API
 * reference: OrganizationsNotInUseException, NotOrganizationMasterAccountException,
 * OrganizationNotInAllFeaturesModeException).
 */
function requireOrganizationManagement(ctx: RequestContext): void {
  const org = ctx.world.organization;
  if (!org) {
    throw fail(
      "OrganizationsNotInUseException",
      `Account ${ctx.account.id} is not a member of an organization in AWS Organizations.`,
    );
  }
  if (org.masterAccountId !== ctx.account.id) {
    throw fail(
      "NotOrganizationMasterAccountException",
      `Account ${ctx.account.id} is not the management account of organization ${org.id}.`,
    );
  }
  if (org.featureSet !== "ALL") {
    throw fail(
      "OrganizationNotInAllFeaturesModeException",
      `Organization ${org.id} does not have all features enabled.`,
    );
  }
}

/** "Multi-Region trail must include global service events." (hashicorp/terraform#4939, cloudconformity/auto-remediate#3) */
function checkCombination(multiRegion: boolean, globalEvents: boolean): void {
  if (multiRegion && !globalEvents) {
    throw fail(
      "InvalidParameterCombinationException",
      "Multi-Region trail must include global service events.",
    );
  }
}

/** Trails present in the signed region: the caller's own and its multi-region trails' shadows. */
function trailsHere(ctx: RequestContext): TrailState[] {
  return trailsInRegion(ctx)
    .filter((l) => l.trail.TrailARN.split(":")[4] === ctx.account.id)
    .map((l) => l.trail);
}

/** "Trails per Region: 5" (docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html). */
const MAX_TRAILS_PER_REGION = 5;

function createTrail(ctx: RequestContext, input: Input) {
  const name = inputs.str(input, "Name") ?? "";
  if (!isValidTrailName(name)) throw trailNameError(name);
  const bucket = checkBucket(inputs.str(input, "S3BucketName"));
  const multiRegion = inputs.bool(input, "IsMultiRegionTrail") ?? false;
  const globalEvents = inputs.bool(input, "IncludeGlobalServiceEvents") ?? true;
  const organization = inputs.bool(input, "IsOrganizationTrail") ?? false;
  checkCombination(multiRegion, globalEvents);
  if (organization) requireOrganizationManagement(ctx);

  // A name is taken in a region by a trail homed there or by a multi-region trail's shadow; a new multi-region
  // trail also takes the name in every other region.
  const owned = [...ctx.account.regionState.values()].map((rs) => rs.trails.get(name));
  const clash = owned.some((t) => t && (t.HomeRegion === ctx.region || t.IsMultiRegionTrail || multiRegion));
  if (clash) {
    throw fail("TrailAlreadyExistsException", `Trail ${name} already exists for customer: ${ctx.account.id}`);
  }
  if (trailsHere(ctx).length >= MAX_TRAILS_PER_REGION) {
    throw fail(
      "MaximumNumberOfTrailsExceededException",
      `User: ${ctx.account.id} already has ${MAX_TRAILS_PER_REGION} trails in ${ctx.region}.`,
    );
  }
  const sns = snsTopic(ctx, inputs.str(input, "SnsTopicName") ?? "");
  const logs = cloudWatchLogs(
    ctx,
    inputs.str(input, "CloudWatchLogsLogGroupArn"),
    inputs.str(input, "CloudWatchLogsRoleArn"),
  );
  const tags: Record<string, string> = {};
  const tagList = inputs.list<{ Key?: unknown; Value?: unknown }>(input, "TagsList") ?? [];
  if (tagList.length > 50) throw fail("TagsLimitExceededException", "A trail can have at most 50 tags.");
  for (const tag of tagList) {
    if (typeof tag.Key !== "string" || tag.Key === "") {
      throw fail("InvalidTagParameterException", "Tag keys must be non-empty strings.");
    }
    tags[tag.Key] = typeof tag.Value === "string" ? tag.Value : "";
  }

  const trail: TrailState = {
    Name: name,
    TrailARN: trailArn(ctx, ctx.region, ctx.account.id, name),
    HomeRegion: ctx.region,
    S3BucketName: bucket,
    S3KeyPrefix: checkPrefix(inputs.str(input, "S3KeyPrefix") ?? ""),
    SnsTopicName: sns.name,
    SnsTopicARN: sns.arn,
    IncludeGlobalServiceEvents: globalEvents,
    IsMultiRegionTrail: multiRegion,
    IsOrganizationTrail: organization,
    LogFileValidationEnabled: inputs.bool(input, "EnableLogFileValidation") ?? false,
    CloudWatchLogsLogGroupArn: logs.group,
    CloudWatchLogsRoleArn: logs.role,
    KmsKeyId: kmsKey(ctx, inputs.str(input, "KmsKeyId") ?? ""),
    // "If you set RecursiveLogging to false, CloudTrail suppresses events generated by CloudTrail when it delivers
    // log files ... The default value is true."
    // (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html). Nothing is delivered
    // here: it is kept and described back.
    RecursiveLogging: inputs.bool(input, "RecursiveLogging"),
    // A trail created through the API does not log until StartLogging (CreateTrail API reference).
    status: { IsLogging: false },
    tags,
  };
  ctx.regionState.trails.set(name, trail);
  return trailWriteResponse(trail);
}

/** UpdateTrail changes only the parameters present (UpdateTrail API reference). */
function updateTrail(ctx: RequestContext, input: Input) {
  const trail = resolveForWrite(ctx, inputs.str(input, "Name"));
  const has = (key: string) => input[key] !== undefined && input[key] !== null;

  const multiRegion = inputs.bool(input, "IsMultiRegionTrail") ?? trail.IsMultiRegionTrail;
  const globalEvents = inputs.bool(input, "IncludeGlobalServiceEvents") ?? trail.IncludeGlobalServiceEvents;
  const organization = inputs.bool(input, "IsOrganizationTrail") ?? trail.IsOrganizationTrail;
  checkCombination(multiRegion, globalEvents);
  // "Only the management account for the organization can convert an organization trail to a non-organization
  // trail, or convert a non-organization trail to an organization trail." (UpdateTrail API reference)
  if (organization || trail.IsOrganizationTrail) requireOrganizationManagement(ctx);

  const bucket = has("S3BucketName") ? checkBucket(inputs.str(input, "S3BucketName")) : trail.S3BucketName;
  const prefix = has("S3KeyPrefix") ? checkPrefix(inputs.str(input, "S3KeyPrefix") ?? "") : trail.S3KeyPrefix;
  const sns = has("SnsTopicName")
    ? snsTopic(ctx, inputs.str(input, "SnsTopicName") ?? "")
    : { name: trail.SnsTopicName, arn: trail.SnsTopicARN };
  const logs =
    has("CloudWatchLogsLogGroupArn") || has("CloudWatchLogsRoleArn")
      ? cloudWatchLogs(
          ctx,
          has("CloudWatchLogsLogGroupArn")
            ? inputs.str(input, "CloudWatchLogsLogGroupArn")
            : trail.CloudWatchLogsLogGroupArn,
          has("CloudWatchLogsRoleArn")
            ? inputs.str(input, "CloudWatchLogsRoleArn")
            : trail.CloudWatchLogsRoleArn,
        )
      : { group: trail.CloudWatchLogsLogGroupArn, role: trail.CloudWatchLogsRoleArn };
  const kms = has("KmsKeyId") ? kmsKey(ctx, inputs.str(input, "KmsKeyId") ?? "") : trail.KmsKeyId;

  // Every parameter is validated above, so a refused update changes nothing.
  Object.assign(trail, {
    S3BucketName: bucket,
    S3KeyPrefix: prefix,
    SnsTopicName: sns.name,
    SnsTopicARN: sns.arn,
    IncludeGlobalServiceEvents: globalEvents,
    IsMultiRegionTrail: multiRegion,
    IsOrganizationTrail: organization,
    LogFileValidationEnabled: inputs.bool(input, "EnableLogFileValidation") ?? trail.LogFileValidationEnabled,
    CloudWatchLogsLogGroupArn: logs.group,
    CloudWatchLogsRoleArn: logs.role,
    KmsKeyId: kms,
    RecursiveLogging: inputs.bool(input, "RecursiveLogging") ?? trail.RecursiveLogging,
  } satisfies Partial<TrailState>);
  return trailWriteResponse(trail);
}

// ---------------------------------------------------------------------------------------------------------------
// Event selectors (PutEventSelectors API reference; InvalidEventSelectorsException covers every selector error,
// including both kinds in one request: PutEventSelectors declares no InvalidParameterCombinationException)

const selectorError = (message: string) => fail("InvalidEventSelectorsException", message);

const READ_WRITE_TYPES = new Set(["ReadOnly", "WriteOnly", "All"]);
const BASIC_DATA_TYPES = new Set(["AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table"]);
/** "the list can be empty ... or it can filter out ... kms.amazonaws.com or rdsdata.amazonaws.com" */
const EXCLUDABLE_SOURCES = new Set(["kms.amazonaws.com", "rdsdata.amazonaws.com"]);
const MAX_BASIC_SELECTORS = 5;
const MAX_DATA_RESOURCES = 250;
const MAX_ADVANCED_VALUES = 500;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

function basicSelectors(raw: unknown[]): EventSelector[] {
  if (raw.length < 1 || raw.length > MAX_BASIC_SELECTORS) {
    throw selectorError(`A trail can have 1 to ${MAX_BASIC_SELECTORS} event selectors; ${raw.length} given.`);
  }
  let dataResources = 0;
  return raw.map((s): EventSelector => {
    if (!isObject(s)) throw selectorError("Each event selector must be an object.");
    const rw = s.ReadWriteType ?? "All";
    if (typeof rw !== "string" || !READ_WRITE_TYPES.has(rw)) {
      throw selectorError(`Value ${String(rw)} for ReadWriteType is invalid.`);
    }
    const include = s.IncludeManagementEvents ?? true;
    if (typeof include !== "boolean") throw selectorError("IncludeManagementEvents must be a boolean.");
    const excluded = s.ExcludeManagementEventSources ?? [];
    if (!stringList(excluded) || excluded.some((e) => !EXCLUDABLE_SOURCES.has(e))) {
      throw selectorError(
        "ExcludeManagementEventSources may hold only kms.amazonaws.com and rdsdata.amazonaws.com.",
      );
    }
    const resources = s.DataResources ?? [];
    if (!Array.isArray(resources)) throw selectorError("DataResources must be a list.");
    const data = resources.map((d: unknown) => {
      if (!isObject(d) || typeof d.Type !== "string" || !BASIC_DATA_TYPES.has(d.Type)) {
        throw selectorError(`Value ${isObject(d) ? String(d.Type) : ""} for DataResources.Type is invalid.`);
      }
      if (!stringList(d.Values) || d.Values.length === 0) {
        throw selectorError("DataResources.Values must hold at least one ARN or ARN prefix.");
      }
      dataResources += d.Values.length;
      return { Type: d.Type, Values: d.Values };
    });
    if (dataResources > MAX_DATA_RESOURCES) {
      throw selectorError(`A trail can have at most ${MAX_DATA_RESOURCES} data resources.`);
    }
    return {
      ReadWriteType: rw as EventSelector["ReadWriteType"],
      IncludeManagementEvents: include,
      DataResources: data,
      ExcludeManagementEventSources: excluded,
    };
  });
}

const OPERATORS = ["Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"] as const;

/**
 * Fields a trail's advanced selectors may use, by event category; `required` must appear. Equals is the only
 * operator for readOnly, eventCategory and resources.type; management selectors may only exclude kms and rdsdata
 * by eventSource NotEquals. Source: docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 */
const CATEGORY_FIELDS: Record<string, { fields: Set<string>; required: string[] }> = {
  Management: { fields: new Set(["eventCategory", "eventSource", "readOnly"]), required: [] },
  Data: {
    fields: new Set([
      "eventCategory",
      "eventName",
      "eventSource",
      "eventType",
      "resources.type",
      "resources.ARN",
      "readOnly",
      "sessionCredentialFromConsole",
      "userIdentity.arn",
    ]),
    required: ["resources.type"],
  },
  NetworkActivity: {
    fields: new Set([
      "eventCategory",
      "eventSource",
      "eventName",
      "errorCode",
      "vpcEndpointId",
      "userIdentity.arn",
    ]),
    required: ["eventSource"],
  },
};
const EQUALS_ONLY = new Set(["readOnly", "eventCategory", "resources.type"]);

function advancedSelectors(raw: unknown[]): AdvancedEventSelector[] {
  if (raw.length < 1) throw selectorError("At least one advanced event selector is required.");
  let values = 0;
  const out = raw.map((s): AdvancedEventSelector => {
    if (!isObject(s) || !Array.isArray(s.FieldSelectors) || s.FieldSelectors.length === 0) {
      throw selectorError("Each advanced event selector needs at least one field selector.");
    }
    if (s.Name !== undefined && (typeof s.Name !== "string" || s.Name.length > 1000)) {
      throw selectorError("Advanced event selector names are strings of at most 1000 characters.");
    }
    const fields: AdvancedFieldSelector[] = s.FieldSelectors.map((f: unknown) => {
      if (!isObject(f) || typeof f.Field !== "string" || f.Field === "") {
        throw selectorError("Each field selector needs a Field.");
      }
      const fs: AdvancedFieldSelector = { Field: f.Field };
      let used = 0;
      for (const op of OPERATORS) {
        const v = f[op];
        if (v === undefined || v === null) continue;
        if (!stringList(v) || v.length === 0) throw selectorError(`${op} for ${f.Field} must hold values.`);
        if (EQUALS_ONLY.has(f.Field) && op !== "Equals") {
          throw selectorError(`Only the Equals operator can be used with ${f.Field}.`);
        }
        fs[op] = v;
        used += v.length;
      }
      if (used === 0) throw selectorError(`Field selector ${f.Field} has no operator.`);
      values += used;
      return fs;
    });
    const category = fields.filter((f) => f.Field === "eventCategory");
    const spec = category.length === 1 ? CATEGORY_FIELDS[category[0]!.Equals?.[0] ?? ""] : undefined;
    if (!spec || category[0]!.Equals?.length !== 1) {
      throw selectorError(
        "Each advanced event selector needs one eventCategory field selector that Equals Management, Data or NetworkActivity.",
      );
    }
    for (const f of fields) {
      if (!spec.fields.has(f.Field))
        throw selectorError(`Field ${f.Field} is not valid for this event category.`);
    }
    for (const req of spec.required) {
      if (!fields.some((f) => f.Field === req))
        throw selectorError(`Field ${req} is required for this event category.`);
    }
    const readOnly = fields.find((f) => f.Field === "readOnly");
    if (readOnly && !(readOnly.Equals ?? []).every((v) => v === "true" || v === "false")) {
      throw selectorError("readOnly Equals only true or false.");
    }
    if (spec === CATEGORY_FIELDS.Management) {
      const source = fields.find((f) => f.Field === "eventSource");
      const onlyExclusions =
        !source ||
        (OPERATORS.every((op) => op === "NotEquals" || source[op] === undefined) &&
          (source.NotEquals ?? []).every((v) => EXCLUDABLE_SOURCES.has(v)));
      if (!onlyExclusions) {
        throw selectorError(
          "Management event selectors can only exclude kms.amazonaws.com or rdsdata.amazonaws.com by eventSource NotEquals.",
        );
      }
    }
    return { Name: typeof s.Name === "string" ? s.Name : undefined, FieldSelectors: fields };
  });
  if (values > MAX_ADVANCED_VALUES) {
    throw selectorError(
      `A trail can have at most ${MAX_ADVANCED_VALUES} values in its advanced event selectors.`,
    );
  }
  return out;
}

function putEventSelectors(ctx: RequestContext, input: Input) {
  const trail = resolveForWrite(ctx, inputs.str(input, "TrailName"));
  const basic = input.EventSelectors;
  const advanced = input.AdvancedEventSelectors;
  const given = (v: unknown) => v !== undefined && v !== null;
  if (given(basic) === given(advanced)) {
    throw selectorError("Specify either EventSelectors or AdvancedEventSelectors, but not both.");
  }
  if (given(basic)) {
    if (!Array.isArray(basic)) throw selectorError("EventSelectors must be a list.");
    trail.eventSelectors = basicSelectors(basic);
    trail.advancedEventSelectors = undefined;
  } else {
    if (!Array.isArray(advanced)) throw selectorError("AdvancedEventSelectors must be a list.");
    trail.advancedEventSelectors = advancedSelectors(advanced);
    trail.eventSelectors = undefined;
  }
  return { TrailARN: trail.TrailARN, ...selectorsOf(trail) };
}

// ---------------------------------------------------------------------------------------------------------------
// LookupEvents (LookupEvents API reference): the last 90 days of management events, newest first, one lookup
// attribute, 1 to 50 events a page (default 50).

const LOOKUP_KEYS = new Set([
  "EventName",
  "EventSource",
  "ReadOnly",
  "Username",
  "ResourceName",
  "AccessKeyId",
  "EventId",
  "ResourceType",
]);
const EVENT_HISTORY_MS = 90 * 86400e3;
const MAX_LOOKUP_PAGE = 50;

function lookupTime(input: Input, key: string): Date | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === "") return undefined;
  const d =
    typeof v === "number" || (typeof v === "string" && /^\d+(\.\d+)?$/.test(v))
      ? new Date(Math.round(Number(v) * 1000))
      : new Date(String(v));
  if (Number.isNaN(d.getTime())) throw fail("InvalidTimeRangeException", `${key} is not a valid timestamp.`);
  return d;
}

function matches(e: CloudTrailEventRecord, key: string, value: string): boolean {
  switch (key) {
    case "EventName":
      return e.EventName === value;
    case "EventSource":
      return e.EventSource === value;
    case "ReadOnly":
      return e.ReadOnly === value;
    case "Username":
      return e.Username === value;
    case "AccessKeyId":
      return e.AccessKeyId === value;
    case "EventId":
      return e.EventId === value;
    case "ResourceName":
      return e.Resources.some((r) => r.ResourceName === value);
    case "ResourceType":
      return e.Resources.some((r) => r.ResourceType === value);
    default:
      return false;
  }
}

function lookupEvents(ctx: RequestContext, input: Input) {
  const attrs = inputs.list<unknown>(input, "LookupAttributes") ?? [];
  if (attrs.length > 1) {
    throw fail("InvalidLookupAttributesException", "You can specify at most one lookup attribute.");
  }
  let attr: { key: string; value: string } | undefined;
  if (attrs.length === 1) {
    const a = attrs[0];
    const key = isObject(a) ? a.AttributeKey : undefined;
    const value = isObject(a) ? a.AttributeValue : undefined;
    if (typeof key !== "string" || !LOOKUP_KEYS.has(key)) {
      throw fail("InvalidLookupAttributesException", `Lookup attribute key ${String(key)} is not valid.`);
    }
    if (typeof value !== "string" || value === "" || value.length > 2000) {
      throw fail("InvalidLookupAttributesException", "Lookup attribute value must be 1 to 2000 characters.");
    }
    attr = { key, value };
  }
  const start = lookupTime(input, "StartTime");
  const end = lookupTime(input, "EndTime");
  if (start && end && start.getTime() > end.getTime()) {
    throw fail("InvalidTimeRangeException", "Start time must not be after end time.");
  }
  const category = inputs.str(input, "EventCategory");
  if (category !== undefined && category !== "insight") {
    throw fail("InvalidEventCategoryException", `Event category ${category} is not valid.`);
  }
  const maxResults = inputs.num(input, "MaxResults");
  if (
    maxResults !== undefined &&
    (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_LOOKUP_PAGE)
  ) {
    throw fail("InvalidMaxResultsException", `MaxResults must be 1 to ${MAX_LOOKUP_PAGE}.`);
  }

  // The token pins the history as it was at the first page (events are only ever appended) and the 90-day floor,
  // so later writes do not shift the pages: "<event count>.<floor ms>.<page token>".
  const events = ctx.regionState.events;
  const token = inputs.str(input, "NextToken");
  let count = events.length;
  let floor = ctx.now().getTime() - EVENT_HISTORY_MS;
  let pageToken: string | undefined;
  if (token !== undefined && token !== "") {
    const m = /^(\d+)\.(\d+)\.(.+)$/.exec(token);
    if (!m || Number(m[1]) > events.length) throw fail("InvalidNextTokenException", "Invalid NextToken.");
    count = Number(m[1]);
    floor = Number(m[2]);
    pageToken = m[3];
  }
  const selected =
    category === "insight"
      ? [] // The simulator records no Insights events.
      : events
          .slice(0, count)
          .map((e, i) => ({ e, i }))
          .filter(({ e }) => {
            const t = e.EventTime.getTime();
            return (
              t >= floor &&
              (!start || t >= start.getTime()) &&
              (!end || t <= end.getTime()) &&
              (!attr || matches(e, attr.key, attr.value))
            );
          })
          .sort((a, b) => b.e.EventTime.getTime() - a.e.EventTime.getTime() || b.i - a.i)
          .map(({ e }) => e);
  const listing = `cloudtrail:LookupEvents:${JSON.stringify([attr, start?.getTime(), end?.getTime(), category, count, floor])}`;
  const { page, nextToken } = paginate(selected, pageToken, maxResults, listing, {
    defaultSize: MAX_LOOKUP_PAGE,
    maxSize: MAX_LOOKUP_PAGE,
    invalidTokenCode: "InvalidNextTokenException",
  });
  return {
    Events: page.map((e) => ({
      EventId: e.EventId,
      EventName: e.EventName,
      ReadOnly: e.ReadOnly,
      AccessKeyId: e.AccessKeyId,
      EventTime: e.EventTime,
      EventSource: e.EventSource,
      Username: e.Username,
      Resources: e.Resources,
      CloudTrailEvent: e.CloudTrailEvent,
    })),
    NextToken: nextToken === undefined ? undefined : `${count}.${floor}.${nextToken}`,
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** The trail settings CreateTrail and UpdateTrail both honour. */
const TRAIL_SETTINGS = [
  "Name",
  "S3BucketName",
  "S3KeyPrefix",
  "SnsTopicName",
  "IncludeGlobalServiceEvents",
  "IsMultiRegionTrail",
  "EnableLogFileValidation",
  "CloudWatchLogsLogGroupArn",
  "CloudWatchLogsRoleArn",
  "KmsKeyId",
  "IsOrganizationTrail",
  "RecursiveLogging",
] as const;

export const cloudtrail: ServiceDef = {
  signingName: "cloudtrail",
  protocols: ["json"],
  // The SDK v3 sends `X-Amz-Target: CloudTrail_20131101.<Operation>` (@aws-sdk/client-cloudtrail serviceTarget).
  targetPrefix: "CloudTrail_20131101",
  jsonVersion: "1.1",
  eventSource: "cloudtrail.amazonaws.com",
  throttling: { code: "ThrottlingException", message: "Rate exceeded" },
  accessDeniedCode: "AccessDeniedException",
  refusalCode: "InvalidParameterException",
  // CloudTrail model (@aws-sdk/client-cloudtrail): every error carries its httpError; most are 400, these are not:
  // AccessDenied 403, MaximumNumberOfTrailsExceeded 403, OrganizationsNotInUse 404, Throttling 429, TrailNotFound 404.
  errors: {
    AccessDeniedException: 403,
    CloudTrailARNInvalidException: 400,
    InvalidCloudWatchLogsLogGroupArnException: 400,
    InvalidCloudWatchLogsRoleArnException: 400,
    InvalidEventCategoryException: 400,
    InvalidEventSelectorsException: 400,
    InvalidHomeRegionException: 400,
    InvalidKmsKeyIdException: 400,
    InvalidLookupAttributesException: 400,
    InvalidMaxResultsException: 400,
    InvalidNextTokenException: 400,
    InvalidParameterCombinationException: 400,
    InvalidS3BucketNameException: 400,
    InvalidS3PrefixException: 400,
    InvalidSnsTopicNameException: 400,
    InvalidTagParameterException: 400,
    InvalidTimeRangeException: 400,
    InvalidTrailNameException: 400,
    MaximumNumberOfTrailsExceededException: 403,
    NotOrganizationMasterAccountException: 400,
    OrganizationNotInAllFeaturesModeException: 400,
    OrganizationsNotInUseException: 404,
    TagsLimitExceededException: 400,
    ThrottlingException: 429,
    TrailAlreadyExistsException: 400,
    TrailNotFoundException: 404,
  },
  operations: {
    DescribeTrails: {
      members: { honoured: ["trailNameList", "includeShadowTrails"] },
      rate: "read",
      handler: (ctx, input) => {
        const names = inputs.list<unknown>(input, "trailNameList") ?? [];
        const includeShadows = inputs.bool(input, "includeShadowTrails") ?? true;
        const listed =
          names.length > 0
            ? trailsByName(
                ctx,
                names.map((n) => String(n)),
              )
            : trailsInRegion(ctx);
        const seen = new Set<string>();
        const trailList = listed
          .filter((l) => includeShadows || !l.shadow)
          .filter((l) => !seen.has(l.trail.TrailARN) && seen.add(l.trail.TrailARN))
          .map((l) => describeTrail(l.trail));
        // DescribeTrails does not paginate.
        return { trailList };
      },
    },
    GetTrailStatus: {
      members: { honoured: ["Name"] },
      rate: "read",
      handler: (ctx, input) => {
        const { trail, viaOrg } = resolveForRead(ctx, inputs.str(input, "Name"));
        return trailStatus(trail, viaOrg);
      },
    },
    GetEventSelectors: {
      members: { honoured: ["TrailName"] },
      rate: "read",
      handler: (ctx, input) => {
        const { trail } = resolveForRead(ctx, inputs.str(input, "TrailName"));
        return { TrailARN: trail.TrailARN, ...selectorsOf(trail) };
      },
    },
    PutEventSelectors: {
      members: { honoured: ["TrailName", "EventSelectors", "AdvancedEventSelectors"] },
      write: true,
      rate: "write",
      handler: putEventSelectors,
    },
    CreateTrail: {
      // Tags are set only when the trail is created; UpdateTrail takes the same settings without them.
      members: { honoured: [...TRAIL_SETTINGS, "TagsList"] },
      write: true,
      rate: "write",
      handler: createTrail,
    },
    UpdateTrail: {
      members: {
        honoured: [...TRAIL_SETTINGS],
      },
      write: true,
      rate: "write",
      handler: updateTrail,
    },
    DeleteTrail: {
      members: { honoured: ["Name"] },
      write: true,
      rate: "write",
      handler: (ctx, input) => {
        const trail = resolveForWrite(ctx, inputs.str(input, "Name"));
        ctx.regionState.trails.delete(trail.Name);
        return {};
      },
    },
    StartLogging: {
      members: { honoured: ["Name"] },
      write: true,
      rate: "write",
      handler: (ctx, input) => {
        const trail = resolveForWrite(ctx, inputs.str(input, "Name"));
        if (!trail.status.IsLogging) {
          trail.status.IsLogging = true;
          trail.status.StartLoggingTime = ctx.now();
        }
        return {};
      },
    },
    StopLogging: {
      members: { honoured: ["Name"] },
      write: true,
      rate: "write",
      handler: (ctx, input) => {
        const trail = resolveForWrite(ctx, inputs.str(input, "Name"));
        if (trail.status.IsLogging) {
          trail.status.IsLogging = false;
          trail.status.StopLoggingTime = ctx.now();
        }
        return {};
      },
    },
    LookupEvents: {
      members: {
        honoured: ["LookupAttributes", "StartTime", "EndTime", "EventCategory", "MaxResults", "NextToken"],
      },
      rate: "LookupEvents",
      handler: lookupEvents,
    },
    ListTrails: { members: { honoured: ["NextToken"] }, rate: "read", handler: listTrails },
  },
};
