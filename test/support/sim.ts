/** Test helpers: start the simulator in-process and build real SDK clients pointed at it. */
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { parseScenario, type ScenarioInput } from "../../sim/scenario.ts";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../sim/server.ts";

export const MGMT = "111111111111";
export const MEMBER_A = "222222222222";
export const MEMBER_B = "333333333333";
export const HUB_KEY = "AKIAHUBEXAMPLE000001";
export const HUB_SECRET = "hubSecretKeyExample/000000000000000000001";
export const AUDIT_ROLE = "WirewatchAudit";
export const REMEDIATION_ROLE = "WirewatchRemediation";

/** A small organization: management + two members, three regions, audit (read-only) and remediation roles. */
export function baseScenario(extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    organization: { id: "o-exampleorg1", managementAccount: MGMT },
    hub: { account: MGMT, accessKeyId: HUB_KEY, secretAccessKey: HUB_SECRET },
    settings: {},
    defaults: {
      regions: ["us-east-1", "us-west-2", "eu-west-1"],
      disabledRegions: ["ap-east-1"],
      roles: [
        { name: AUDIT_ROLE, access: "read-only" },
        { name: REMEDIATION_ROLE, access: "read-write" },
      ],
    },
    accounts: [
      { id: MGMT, name: "management" },
      { id: MEMBER_A, name: "member-a" },
      { id: MEMBER_B, name: "member-b" },
    ],
    ...extra,
  };
}

export async function startTestSim(
  scenario: ScenarioInput,
  opts: Omit<SimulatorOptions, "scenario"> = {},
): Promise<Simulator> {
  return startSimulator({ rateLimits: false, ...opts, scenario: parseScenario(scenario) });
}

export function hubCredentials(sim: Simulator): AwsCredentialIdentity {
  return { accessKeyId: sim.hub.accessKeyId, secretAccessKey: sim.hub.secretAccessKey };
}

/** Client options for any SDK v3 client: endpoint, region, credentials, no retries unless asked. */
export function clientConfig(
  sim: Simulator,
  credentials: AwsCredentialIdentity,
  region = "us-east-1",
  maxAttempts = 1,
) {
  return { endpoint: sim.endpoint, region, credentials, maxAttempts };
}

/** Assumes a role in an account through the simulator's STS and returns the session credentials. */
export async function assumeRole(
  sim: Simulator,
  accountId: string,
  roleName = AUDIT_ROLE,
  extra: { ExternalId?: string; DurationSeconds?: number } = {},
): Promise<AwsCredentialIdentity> {
  const { STSClient, AssumeRoleCommand } = await import("@aws-sdk/client-sts");
  const sts = new STSClient(clientConfig(sim, hubCredentials(sim)));
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
      RoleSessionName: "wirewatch-test",
      ...extra,
    }),
  );
  const c = out.Credentials!;
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
    expiration: c.Expiration,
  };
}

/** The error a call failed with (SDK errors carry the AWS code as `name`); fails the test if the call succeeds. */
export async function failureOf(
  p: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number }; Error?: { Code?: string } }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { $metadata?: { httpStatusCode?: number }; Error?: { Code?: string } };
  }
  throw new Error("expected the call to fail");
}

/**
 * What a test asserts about a failure: the AWS error name, the HTTP status, and for awsQuery-compatible services
 * the wire code (undefined elsewhere, which `toEqual` ignores).
 */
export async function errorOf(
  p: Promise<unknown>,
): Promise<{ name: string; status?: number; code?: string }> {
  const err = await failureOf(p);
  return { name: err.name, status: err.$metadata?.httpStatusCode, code: err.Error?.Code };
}
