/** STS (awsQuery): GetCallerIdentity and AssumeRole with trust policy, ExternalId and session-duration rules. */
import { arnPattern, arnPrefix } from "../partition.ts";
import { randomBytes } from "node:crypto";
import { SimError } from "../errors.ts";
import { inputs, type ServiceDef } from "../service.ts";

const randomKey = (prefix: string, n: number) =>
  prefix +
  [...randomBytes(n)]
    .map((b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[b % 32])
    .join("")
    .slice(0, n);

/**
 * AssumeRole DurationSeconds: 900..role max (up to 43200); role chaining caps at 3600
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
 */
const MIN_DURATION = 900;
const CHAINED_MAX = 3600;

/** Why AssumeRole members are refused or ignored (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). */
const SESSION_POLICIES =
  "session policies narrow a session's permissions, and the simulator's IAM has only read-only and read-write principals";
const MFA = "the simulator has no MFA devices to check a TokenCode against";
const PROVIDED_CONTEXTS = "trusted context assertions are not simulated";
const SESSION_TAGS =
  "session tags only feed IAM policy conditions and ABAC, which the simulator's two-level IAM does not have, so the session is the same with or without them";

export const sts: ServiceDef = {
  signingName: "sts",
  protocols: ["query"],
  xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/",
  eventSource: "sts.amazonaws.com",
  throttling: { code: "Throttling", message: "Rate exceeded" },
  accessDeniedCode: "AccessDenied",
  refusalCode: "ValidationError",
  // STS model (@aws-sdk/client-sts): RegionDisabledException 403. AccessDenied, Throttling and ValidationError are
  // the common awsQuery errors (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html).
  errors: { AccessDenied: 403, RegionDisabledException: 403, Throttling: 400, ValidationError: 400 },
  operations: {
    GetCallerIdentity: {
      members: { honoured: [] },
      rate: "api",
      handler: (ctx) => ({ UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn }),
    },
    AssumeRole: {
      members: {
        honoured: [
          "RoleArn",
          "RoleSessionName",
          "DurationSeconds",
          "ExternalId",
          "SourceIdentity",
          "MinimumSessionTokenSize",
        ],
        ignored: { Tags: SESSION_TAGS, TransitiveTagKeys: SESSION_TAGS },
        refused: {
          PolicyArns: SESSION_POLICIES,
          Policy: SESSION_POLICIES,
          SerialNumber: MFA,
          TokenCode: MFA,
          ProvidedContexts: PROVIDED_CONTEXTS,
        },
      },
      rate: "api",
      handler: (ctx, input) => {
        const roleArn = inputs.str(input, "RoleArn") ?? "";
        const sessionName = inputs.str(input, "RoleSessionName") ?? "";
        const externalId = inputs.str(input, "ExternalId");
        const requested = inputs.num(input, "DurationSeconds") ?? 3600;
        if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
          throw new SimError(
            "ValidationError",
            `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
          );
        }
        if (externalId !== undefined && (externalId.length < 2 || externalId.length > 1224)) {
          throw new SimError(
            "ValidationError",
            "1 validation error detected: Value at 'externalId' failed to satisfy constraint: Member must have length between 2 and 1224",
          );
        }
        // SourceIdentity: 2-64 characters of [\w+=,.@-]* (AssumeRole API reference); returned with the session.
        const sourceIdentity = inputs.str(input, "SourceIdentity");
        if (sourceIdentity !== undefined && !/^[\w+=,.@-]{2,64}$/.test(sourceIdentity)) {
          throw new SimError(
            "ValidationError",
            `1 validation error detected: Value '${sourceIdentity}' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
          );
        }
        // "The minimum size, in bytes, of the session token ... must not exceed 4,096 bytes." (AssumeRole)
        const minTokenSize = inputs.num(input, "MinimumSessionTokenSize") ?? 0;
        if (!Number.isInteger(minTokenSize) || minTokenSize < 0 || minTokenSize > 4096) {
          throw new SimError(
            "ValidationError",
            `1 validation error detected: Value '${minTokenSize}' at 'minimumSessionTokenSize' failed to satisfy constraint: Member must have value between 0 and 4096`,
          );
        }
        const m = arnPattern(ctx.world, String.raw`iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$`).exec(
          roleArn,
        );
        const denied = () =>
          new SimError(
            "AccessDenied",
            `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
            403,
          );
        if (!m) throw new SimError("ValidationError", `${roleArn} is invalid`);
        const target = ctx.world.accounts.get(m[1]!);
        const role = target?.roles.get(m[2]!);
        // AWS does not reveal whether the role exists: a missing role is the same AccessDenied.
        if (!target || !role) throw denied();
        const callerRoot = `${arnPrefix(ctx.world)}iam::${ctx.caller.accountId}:root`;
        const callerPrincipal =
          ctx.caller.kind === "assumed-role"
            ? `${arnPrefix(ctx.world)}iam::${ctx.caller.accountId}:role/${ctx.caller.roleName ?? ""}`
            : ctx.caller.arn;
        const trusted = role.trustedPrincipals.some(
          (p) => p === callerRoot || p === callerPrincipal || p === ctx.caller.accountId,
        );
        if (!trusted) throw denied();
        if (role.externalId !== undefined && role.externalId !== externalId) throw denied();
        const chained = ctx.caller.kind === "assumed-role";
        const max = chained ? CHAINED_MAX : role.maxSessionDuration;
        if (requested < MIN_DURATION || requested > max) {
          throw new SimError(
            "ValidationError",
            chained && requested > CHAINED_MAX
              ? "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
              : `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
          );
        }
        const accessKeyId = randomKey("ASIA", 16);
        const secretAccessKey = randomBytes(30).toString("base64");
        const sessionToken = randomBytes(Math.max(96, Math.ceil((minTokenSize * 3) / 4))).toString("base64");
        const expiresAt = Date.now() + (requested * 1000) / ctx.timeScale;
        const roleId = `AROA${randomKey("", 17)}`;
        const arn = `${arnPrefix(ctx.world)}sts::${target.id}:assumed-role/${role.name}/${sessionName}`;
        ctx.world.credentials.set(accessKeyId, {
          accessKeyId,
          secretAccessKey,
          sessionToken,
          accountId: target.id,
          arn,
          userId: `${roleId}:${sessionName}`,
          kind: "assumed-role",
          access: role.access,
          ...(role.policies ? { policies: role.policies } : {}),
          expiresAt,
          roleName: role.name,
        });
        return {
          Credentials: {
            AccessKeyId: accessKeyId,
            SecretAccessKey: secretAccessKey,
            SessionToken: sessionToken,
            Expiration: new Date(expiresAt),
          },
          AssumedRoleUser: { AssumedRoleId: `${roleId}:${sessionName}`, Arn: arn },
          PackedPolicySize: 0,
          SourceIdentity: sourceIdentity,
        };
      },
    },
  },
};
