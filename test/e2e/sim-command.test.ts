// The standalone simulator as a user runs it: `wirewatch sim ...` (the built CLI) in a child process, its printed
// endpoint and credentials used through the real SDK, stopped with SIGTERM. Its usage errors are tested in-process
// (test/unit/sim-usage.test.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { generatedAccountId } from "../../sim/generate.ts";

const ROOT = join(import.meta.dirname, "..", "..");

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const running: Array<{ child: ChildProcess; simPid?: number }> = [];

function runSim(args: string[]): Run {
  const child = spawn(process.execPath, ["bin/wirewatch.js", "sim", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  running.push({ child });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Resolves once the banner's export lines are out, or rejects if the process ends first. */
function ready(run: Run): Promise<{ env: Record<string, string>; pid: number }> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const text = run.stdout();
      if (!/^export AWS_REGION=.*$/m.test(text)) return;
      run.child.stdout!.off("data", check);
      const env: Record<string, string> = {};
      for (const m of text.matchAll(/^export (\w+)=(.*)$/gm)) {
        env[m[1]!] = m[2]!.replace(/^'(.*)'$/, "$1");
      }
      const pid = Number(/^\s*pid:\s+(\d+)$/m.exec(text)?.[1]);
      const entry = running.find((r) => r.child === run.child);
      if (entry) entry.simPid = pid;
      resolve({ env, pid });
    };
    run.child.stdout!.on("data", check);
    void run.exit.then((code) => reject(new Error(`exited ${code} before ready: ${run.stderr()}`)));
  });
}

afterEach(() => {
  // Anything a failed test left running: the simulator itself, then the npx wrapper.
  for (const { child, simPid } of running.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    if (simPid) {
      try {
        process.kill(simPid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    child.kill("SIGKILL");
  }
});

describe("wirewatch sim", () => {
  it.each([
    [
      "a scenario file",
      ["--scenario", "sim/scenarios/healthy.yaml", "--port", "0"],
      ["111111111111", "222222222222", "333333333333"],
    ],
    [
      "a generated organization",
      [
        "--generate",
        "4x2",
        "--seed",
        "7",
        "--port",
        "0",
        "--no-rate-limits",
        "--latency",
        "1",
        "--time-scale",
        "2",
      ],
      [0, 1, 2, 3].map(generatedAccountId),
    ],
  ])("serves %s and stops cleanly on SIGTERM", async (_label, args, accountIds) => {
    const run = runSim(args);
    const { env, pid } = await ready(run);
    expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.AWS_ENDPOINT_URL).not.toMatch(/:0$/);
    expect(Object.keys(env).sort()).toEqual([
      "AWS_ACCESS_KEY_ID",
      "AWS_DEFAULT_REGION",
      "AWS_ENDPOINT_URL",
      "AWS_REGION",
      "AWS_SECRET_ACCESS_KEY",
    ]);
    // The readable lines carry the same credentials.
    expect(run.stdout()).toMatch(new RegExp(`access key id:\\s+${env.AWS_ACCESS_KEY_ID}$`, "m"));

    const config = {
      endpoint: env.AWS_ENDPOINT_URL,
      region: env.AWS_REGION,
      maxAttempts: 1,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
    };
    const id = await new STSClient(config).send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(accountIds[0]);
    const listed: string[] = [];
    for await (const page of paginateListAccounts({ client: new OrganizationsClient(config) }, {})) {
      listed.push(...(page.Accounts ?? []).map((a) => a.Id!));
    }
    expect(listed.sort()).toEqual([...accountIds].sort());

    process.kill(pid, "SIGTERM");
    expect(await run.exit).toBe(0);
  });
});
