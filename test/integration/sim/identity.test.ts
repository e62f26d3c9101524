import { AccountClient, ListRegionsCommand, paginateListRegions } from "@aws-sdk/client-account";
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import type { Simulator } from "../../../sim/server.ts";
import {
  AUDIT_ROLE,
  HUB_KEY,
  MEMBER_A,
  MGMT,
  assumeRole,
  baseScenario,
  clientConfig,
  errorOf,
  failureOf,
  hubCredentials,
  startTestSim,
} from "../../support/sim.ts";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("STS", () => {
  it("identifies the hub principal from its access key", async () => {
    sim = await startTestSim(baseScenario());
    const sts = new STSClient(clientConfig(sim, hubCredentials(sim)));
    const id = await sts.send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Account: MGMT, Arn: `arn:aws:iam::${MGMT}:user/wirewatch-hub` });
  });

  it.each([
    [
      "unknown access key",
      { accessKeyId: "AKIANOTKNOWN0000000", secretAccessKey: "x".repeat(40) },
      "InvalidClientTokenId",
      403,
    ],
    ["wrong secret", { accessKeyId: HUB_KEY, secretAccessKey: "y".repeat(40) }, "SignatureDoesNotMatch", 403],
  ])("rejects an %s with AWS's code", async (_label, creds, code, status) => {
    sim = await startTestSim(baseScenario());
    const sts = new STSClient(clientConfig(sim, creds));
    expect(await errorOf(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: code, status });
  });

  it("issues session credentials for the target account", async () => {
    sim = await startTestSim(baseScenario());
    const creds = await assumeRole(sim, MEMBER_A);
    const sts = new STSClient(clientConfig(sim, creds));
    const id = await sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(MEMBER_A);
    expect(id.Arn).toBe(`arn:aws:sts::${MEMBER_A}:assumed-role/${AUDIT_ROLE}/wirewatch-test`);
  });

  it.each([
    ["a role that does not exist", { RoleArn: `arn:aws:iam::${MEMBER_A}:role/Nope` }, "AccessDenied"],
    [
      "an account that does not exist",
      { RoleArn: `arn:aws:iam::999999999999:role/${AUDIT_ROLE}` },
      "AccessDenied",
    ],
    [
      "a duration below 900 s",
      { RoleArn: `arn:aws:iam::${MEMBER_A}:role/${AUDIT_ROLE}`, DurationSeconds: 600 },
      "ValidationError",
    ],
    [
      "a duration above the role maximum",
      { RoleArn: `arn:aws:iam::${MEMBER_A}:role/${AUDIT_ROLE}`, DurationSeconds: 7200 },
      "ValidationError",
    ],
  ])("refuses %s", async (_label, params, code) => {
    sim = await startTestSim(baseScenario());
    const sts = new STSClient(clientConfig(sim, hubCredentials(sim)));
    const err = await errorOf(sts.send(new AssumeRoleCommand({ RoleSessionName: "s1", ...params })));
    expect(err.name).toBe(code);
  });

  it("enforces the trust policy and the ExternalId", async () => {
    sim = await startTestSim(
      baseScenario({
        accounts: [
          { id: MGMT, name: "management" },
          {
            id: MEMBER_A,
            name: "member-a",
            roles: [
              { name: "External", externalId: "s3cr3t-id" },
              { name: "OtherTrust", trust: ["arn:aws:iam::444444444444:root"] },
            ],
          },
        ],
      }),
    );
    const sts = new STSClient(clientConfig(sim, hubCredentials(sim)));
    const role = (n: string) => `arn:aws:iam::${MEMBER_A}:role/${n}`;
    const assume = (n: string, ExternalId?: string) =>
      sts.send(new AssumeRoleCommand({ RoleArn: role(n), RoleSessionName: "s1", ExternalId }));
    expect((await errorOf(assume("External"))).name).toBe("AccessDenied");
    expect((await errorOf(assume("External", "wrong-id"))).name).toBe("AccessDenied");
    expect((await assume("External", "s3cr3t-id")).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect((await failureOf(assume("OtherTrust"))).message).toContain(
      "not authorized to perform: sts:AssumeRole",
    );
  });

  it("caps chained role sessions at one hour", async () => {
    sim = await startTestSim(
      baseScenario({
        accounts: [
          { id: MGMT, name: "management" },
          {
            id: MEMBER_A,
            name: "member-a",
            roles: [{ name: "Long", maxSessionDuration: 43200, trust: [`arn:aws:iam::${MGMT}:root`] }],
          },
        ],
      }),
    );
    const first = await assumeRole(sim, MGMT);
    const sts = new STSClient(clientConfig(sim, first));
    const err = await failureOf(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${MEMBER_A}:role/Long`,
          RoleSessionName: "s2",
          DurationSeconds: 7200,
        }),
      ),
    );
    expect(err).toMatchObject({ name: "ValidationError" });
    expect(err.message).toContain("role chaining");
  });

  it("expires issued sessions after DurationSeconds / timeScale", async () => {
    // 900 s at a time scale of 9000 lasts 100 ms of real time. The clock is not waited on: the issued expiry is
    // checked as data, then the session is moved past it.
    sim = await startTestSim(baseScenario(), { timeScale: 9000 });
    const before = Date.now();
    const creds = await assumeRole(sim, MEMBER_A, AUDIT_ROLE, { DurationSeconds: 900 });
    const after = Date.now();
    const expiry = creds.expiration!.getTime();
    // Expiration is serialized to the second.
    expect(expiry).toBeGreaterThanOrEqual(Math.floor((before + 100) / 1000) * 1000);
    expect(expiry).toBeLessThanOrEqual(after + 100 + 1000);
    const session = sim.world.credentials.get(creds.accessKeyId);
    expect(session?.expiresAt).toBeDefined();
    session!.expiresAt = Date.now() - 1;
    const sts = new STSClient(clientConfig(sim, creds));
    expect(await errorOf(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: "ExpiredToken",
      status: 403,
    });
  });

  it("answers RegionDisabledException in a region the account has not enabled", async () => {
    sim = await startTestSim(baseScenario());
    const sts = new STSClient(clientConfig(sim, hubCredentials(sim), "ap-east-1"));
    expect((await errorOf(sts.send(new GetCallerIdentityCommand({})))).name).toBe("RegionDisabledException");
  });
});

describe("Organizations", () => {
  it("describes the organization and lists every account with State and Status", async () => {
    sim = await startTestSim(
      baseScenario({
        accounts: [
          { id: MGMT, name: "management" },
          { id: MEMBER_A, name: "member-a" },
          { id: "333333333333", name: "gone", state: "SUSPENDED" },
        ],
      }),
    );
    const org = new OrganizationsClient(clientConfig(sim, hubCredentials(sim)));
    const desc = await org.send(new DescribeOrganizationCommand({}));
    expect(desc.Organization?.MasterAccountId).toBe(MGMT);
    const accounts = [];
    for await (const page of paginateListAccounts({ client: org }, {}))
      accounts.push(...(page.Accounts ?? []));
    expect(accounts.map((a) => [a.Id, a.State, a.Status])).toEqual([
      [MGMT, "ACTIVE", "ACTIVE"],
      [MEMBER_A, "ACTIVE", "ACTIVE"],
      ["333333333333", "SUSPENDED", "SUSPENDED"],
    ]);
  });

  it("pages by MaxResults and may serve an empty first page with a NextToken", async () => {
    const accounts = [{ id: MGMT, name: "management" }];
    for (let i = 1; i <= 45; i++) accounts.push({ id: String(100000000000 + i), name: `acct-${i}` });
    sim = await startTestSim(baseScenario({ accounts, settings: { emptyPages: true } }));
    const org = new OrganizationsClient(clientConfig(sim, hubCredentials(sim)));
    const first = await org.send(new ListAccountsCommand({}));
    expect(first.Accounts).toEqual([]);
    expect(first.NextToken).toBeTruthy();
    const sizes: number[] = [];
    for await (const page of paginateListAccounts({ client: org, pageSize: 20 }, {}))
      sizes.push(page.Accounts!.length);
    expect(sizes).toEqual([0, 20, 20, 6]);
    expect((await errorOf(org.send(new ListAccountsCommand({ NextToken: "garbage" })))).name).toBe(
      "InvalidInputException",
    );
  });

  it("refuses ListAccounts to a member account", async () => {
    sim = await startTestSim(baseScenario());
    const creds = await assumeRole(sim, MEMBER_A);
    const org = new OrganizationsClient(clientConfig(sim, creds));
    expect((await errorOf(org.send(new ListAccountsCommand({})))).name).toBe("AccessDeniedException");
  });
});

describe("Account", () => {
  it("lists the caller's regions filtered by opt status", async () => {
    sim = await startTestSim(baseScenario());
    const creds = await assumeRole(sim, MEMBER_A);
    const acct = new AccountClient(clientConfig(sim, creds));
    const enabled = [];
    for await (const page of paginateListRegions(
      { client: acct },
      { RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] },
    ))
      enabled.push(...(page.Regions ?? []).map((r) => r.RegionName));
    expect(enabled).toEqual(["eu-west-1", "us-east-1", "us-west-2"]);
    const all = await acct.send(new ListRegionsCommand({}));
    expect(all.Regions?.find((r) => r.RegionName === "ap-east-1")?.RegionOptStatus).toBe("DISABLED");
  });
});
