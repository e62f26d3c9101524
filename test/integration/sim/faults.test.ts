// Fault injection through the real SDK clients: SCP-style AccessDenied, 5xx, throttling, latency and disabled
// regions, switched on per test (sim.faults) or per scenario (`faults`, `settings`, `disabledRegions`).
import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FaultRule } from "../../../sim/faults.ts";
import type { Simulator } from "../../../sim/server.ts";
import {
  MEMBER_A,
  MGMT,
  assumeRole,
  baseScenario,
  clientConfig,
  hubCredentials,
  startTestSim,
} from "../../support/sim.ts";

let sim: Simulator | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await sim?.close();
  sim = undefined;
});

interface Failure {
  name: string;
  status?: number;
  fault?: string;
  message: string;
}

async function outcome(p: Promise<unknown>): Promise<"ok" | Failure> {
  try {
    await p;
    return "ok";
  } catch (e) {
    const err = e as {
      name: string;
      message: string;
      $fault?: string;
      $metadata?: { httpStatusCode?: number };
    };
    return { name: err.name, status: err.$metadata?.httpStatusCode, fault: err.$fault, message: err.message };
  }
}

async function failure(p: Promise<unknown>): Promise<Failure> {
  const o = await outcome(p);
  if (o === "ok") throw new Error("expected the call to fail");
  return o;
}

const sts = (s: Simulator, region = "us-east-1", maxAttempts = 1) =>
  new STSClient(clientConfig(s, hubCredentials(s), region, maxAttempts));
const orgs = (s: Simulator, region = "us-east-1", maxAttempts = 1) =>
  new OrganizationsClient(clientConfig(s, hubCredentials(s), region, maxAttempts));
const account = (s: Simulator, region = "us-east-1", maxAttempts = 1) =>
  new AccountClient(clientConfig(s, hubCredentials(s), region, maxAttempts));

describe("AccessDenied as a service control policy", () => {
  const scp: FaultRule = {
    action: "organizations:ListAccounts",
    account: MGMT,
    region: "us-east-1",
    error: "AccessDenied",
  };

  it("denies exactly the action, account and region it names, as an explicit deny", async () => {
    sim = await startTestSim(baseScenario());
    sim.faults.add(scp);
    const denied = await failure(orgs(sim).send(new ListAccountsCommand({})));
    expect(denied).toMatchObject({ name: "AccessDeniedException", status: 403, fault: "client" });
    // AWS's SCP denial names the action and says "with an explicit deny in a service control policy".
    expect(denied.message).toContain("organizations:ListAccounts");
    expect(denied.message).toContain("explicit deny");

    // Another action, another region, another account: untouched.
    expect(await outcome(orgs(sim).send(new DescribeOrganizationCommand({})))).toBe("ok");
    expect(await outcome(orgs(sim, "us-west-2").send(new ListAccountsCommand({})))).toBe("ok");
    const member = await assumeRole(sim, MEMBER_A);
    const memberSts = new STSClient(clientConfig(sim, member));
    expect(await outcome(memberSts.send(new GetCallerIdentityCommand({})))).toBe("ok");
  });

  it.each<[string, FaultRule, (s: Simulator) => Promise<unknown>, string, number]>([
    [
      "sts (awsQuery)",
      { action: "sts:GetCallerIdentity", error: "AccessDenied" },
      (s) => sts(s).send(new GetCallerIdentityCommand({})),
      "AccessDenied",
      403,
    ],
    [
      "account (restJson1)",
      { action: "account:*", error: "AccessDenied" },
      (s) => account(s).send(new ListRegionsCommand({})),
      "AccessDeniedException",
      403,
    ],
  ])("speaks each protocol's denial: %s", async (_label, rule, call, name, status) => {
    sim = await startTestSim(baseScenario());
    sim.faults.add(rule);
    expect(await failure(call(sim))).toMatchObject({ name, status, fault: "client" });
  });

  it("applies the scenario's faults from the start, on every member session too", async () => {
    sim = await startTestSim(
      baseScenario({
        faults: [{ action: "*", account: MEMBER_A, region: "eu-west-1", error: "AccessDenied" }],
      }),
    );
    const member = await assumeRole(sim, MEMBER_A);
    const inRegion = new STSClient(clientConfig(sim, member, "eu-west-1"));
    expect(await failure(inRegion.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: "AccessDenied",
      status: 403,
    });
    const elsewhere = new STSClient(clientConfig(sim, member, "us-west-2"));
    expect(await outcome(elsewhere.send(new GetCallerIdentityCommand({})))).toBe("ok");
    expect(sim.stats.faults).toBe(1);
  });

  it("is switched on by faults.add and off by faults.clear", async () => {
    sim = await startTestSim(baseScenario());
    const call = () => sts(sim!).send(new GetCallerIdentityCommand({}));
    expect(await outcome(call())).toBe("ok");
    sim.faults.add({ action: "sts:*", error: "AccessDenied" });
    expect(await failure(call())).toMatchObject({ name: "AccessDenied" });
    expect(await failure(call())).toMatchObject({ name: "AccessDenied" });
    sim.faults.clear();
    expect(await outcome(call())).toBe("ok");
  });
});

describe("5xx", () => {
  it.each<[string, FaultRule["error"], string, number]>([
    ["InternalError", "InternalError", "InternalFailure", 500],
    ["ServiceUnavailable", "ServiceUnavailable", "ServiceUnavailable", 503],
  ])("%s fails a single attempt as a server fault", async (_label, error, name, status) => {
    sim = await startTestSim(baseScenario());
    sim.faults.add({ action: "sts:GetCallerIdentity", error, times: 1 });
    expect(await failure(sts(sim).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name,
      status,
      fault: "server",
    });
  });

  it.each<[string, FaultRule["error"], (s: Simulator) => Promise<unknown>]>([
    [
      "sts InternalError",
      "InternalError",
      (s) => sts(s, "us-east-1", 2).send(new GetCallerIdentityCommand({})),
    ],
    [
      "organizations ServiceUnavailable",
      "ServiceUnavailable",
      (s) => orgs(s, "us-east-1", 2).send(new ListAccountsCommand({})),
    ],
    [
      "account InternalError",
      "InternalError",
      (s) => account(s, "us-east-1", 2).send(new ListRegionsCommand({})),
    ],
  ])("%s with times: 1 succeeds on the SDK's retry (maxAttempts 2)", async (_label, error, call) => {
    sim = await startTestSim(baseScenario());
    sim.faults.add({ error, times: 1 });
    const out = (await call(sim)) as { $metadata: { attempts?: number } };
    expect(out.$metadata.attempts).toBe(2);
    expect(sim.stats.faults).toBe(1);
  });

  it("fires on every Nth matching request with every: N", async () => {
    sim = await startTestSim(baseScenario());
    sim.faults.add({ action: "sts:GetCallerIdentity", error: "InternalError", every: 3 });
    const results: string[] = [];
    for (let i = 0; i < 7; i++) {
      const o = await outcome(sts(sim).send(new GetCallerIdentityCommand({})));
      results.push(o === "ok" ? "ok" : o.name);
    }
    expect(results).toEqual(["ok", "ok", "InternalFailure", "ok", "ok", "InternalFailure", "ok"]);
  });

  it("combines every: N with times: N", async () => {
    sim = await startTestSim(baseScenario());
    sim.faults.add({ action: "organizations:*", error: "ServiceUnavailable", every: 2, times: 2 });
    const results: string[] = [];
    for (let i = 0; i < 8; i++) {
      const o = await outcome(orgs(sim).send(new DescribeOrganizationCommand({})));
      results.push(o === "ok" ? "ok" : o.name);
    }
    expect(results).toEqual(["ok", "ServiceUnavailable", "ok", "ServiceUnavailable", "ok", "ok", "ok", "ok"]);
  });
});

describe("injected throttling", () => {
  // Each service's own throttling error: STS `Throttling` (awsQuery), Organizations and Account
  // `TooManyRequestsException` (docs.aws.amazon.com/organizations/latest/APIReference/CommonErrors.html,
  // docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html).
  it.each<[string, (s: Simulator) => Promise<unknown>, string, number]>([
    ["sts", (s) => sts(s).send(new GetCallerIdentityCommand({})), "Throttling", 400],
    ["organizations", (s) => orgs(s).send(new ListAccountsCommand({})), "TooManyRequestsException", 429],
    ["account", (s) => account(s).send(new ListRegionsCommand({})), "TooManyRequestsException", 429],
  ])("%s answers its own throttling error", async (service, call, name, status) => {
    sim = await startTestSim(baseScenario());
    sim.faults.add({ action: `${service}:*`, error: "Throttling", times: 1 });
    expect(await failure(call(sim))).toMatchObject({ name, status });
    expect(await outcome(call(sim))).toBe("ok");
  });

  it("is retried away by the SDK when transient", async () => {
    sim = await startTestSim(baseScenario());
    sim.faults.add({ action: "sts:GetCallerIdentity", error: "Throttling", times: 1 });
    const out = await sts(sim, "us-east-1", 2).send(new GetCallerIdentityCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect(out.Account).toBe(MGMT);
  });
});

describe("latency", () => {
  // No wall-clock assertions: the simulator's delay is a timer, so fake setTimeout and watch the response wait
  // for exactly latencyMs of (fake) time.
  it.each<[string, { latencyMs?: number }, Partial<Parameters<typeof baseScenario>[0]>]>([
    ["the simulator options", { latencyMs: 250 }, {}],
    ["the scenario settings", {}, { settings: { latencyMs: 250 } }],
  ])("holds every response for latencyMs set in %s", async (_label, options, extra) => {
    sim = await startTestSim(baseScenario(extra), options);
    expect(sim.settings.latencyMs).toBe(250);
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    let done = false;
    const call = sts(sim)
      .send(new GetCallerIdentityCommand({}))
      .finally(() => (done = true));
    // Wait (on real I/O, not on time) until the request is inside the simulator's delay.
    for (let i = 0; i < 100_000 && (sim.stats.requests < 1 || vi.getTimerCount() < 1); i++) {
      await new Promise((r) => setImmediate(r));
    }
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(249);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await call).Account).toBe(MGMT);
  });
});

describe("disabled regions", () => {
  it.each<[string, (s: Simulator, region: string) => Promise<unknown>]>([
    ["organizations (awsJson1_1)", (s, r) => orgs(s, r).send(new DescribeOrganizationCommand({}))],
    ["account (restJson1)", (s, r) => account(s, r).send(new ListRegionsCommand({}))],
  ])(
    "%s answers UnrecognizedClientException in a region the account has not enabled",
    async (_label, call) => {
      sim = await startTestSim(
        baseScenario({
          defaults: { regions: ["us-east-1", "eu-west-1"], disabledRegions: ["ap-east-1"], roles: [] },
          accounts: [{ id: MGMT, name: "management", disabledRegions: ["me-south-1"] }],
        }),
      );
      for (const region of ["ap-east-1", "me-south-1"]) {
        expect(await failure(call(sim, region))).toMatchObject({
          name: "UnrecognizedClientException",
          status: 400,
        });
      }
      expect(await outcome(call(sim, "eu-west-1"))).toBe("ok");
    },
  );
});
