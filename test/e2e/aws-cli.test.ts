/**
 * Another AWS client than the JS SDK: the AWS CLI (botocore) pointed at the simulator through AWS_ENDPOINT_URL
 * sees the scenario's organization. .ci/run installs the CLI when the machine lacks it.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseScenario } from "../../sim/scenario.ts";
import { startSimulator, type Simulator } from "../../sim/server.ts";
import { bundledScenario } from "../support/e2e.ts";

const run = promisify(execFile);
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario: parseScenario(bundledScenario("healthy")) });
});
afterAll(async () => {
  await sim.close();
});

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  // --endpoint-url as well as AWS_ENDPOINT_URL: CLI releases before 2.13 (Debian's) know only the flag.
  const { stdout } = await run("aws", [...args, "--output", "json", "--endpoint-url", sim.endpoint], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_ENDPOINT_URL: sim.endpoint,
      AWS_ACCESS_KEY_ID: sim.hub.accessKeyId,
      AWS_SECRET_ACCESS_KEY: sim.hub.secretAccessKey,
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_REGION: "us-east-1",
      AWS_PAGER: "",
    },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe("the AWS CLI against the simulator", () => {
  it.each([
    [["sts", "get-caller-identity"], { Account: "111111111111" }],
    [
      ["cloudtrail", "describe-trails"],
      { trailList: [expect.objectContaining({ Name: "management-trail" })] },
    ],
    [
      ["events", "list-rules"],
      { Rules: [expect.objectContaining({ Name: "wirewatch-forward-cloudtrail" })] },
    ],
    [
      ["logs", "describe-log-groups"],
      { logGroups: [expect.objectContaining({ logGroupName: "aws-cloudtrail-logs" })] },
    ],
    [
      ["sns", "get-topic-attributes", "--topic-arn", "arn:aws:sns:us-east-1:111111111111:wirewatch-alarms"],
      { Attributes: expect.objectContaining({ SubscriptionsConfirmed: "1" }) },
    ],
  ])("aws %j", async (args, expected) => {
    expect(await aws(...args)).toMatchObject(expected);
  });

  it("pages Organizations and CloudWatch the way botocore does", async () => {
    const accounts = (await aws("organizations", "list-accounts")).Accounts as unknown[];
    expect(accounts).toHaveLength(3);
    const alarms = (await aws("cloudwatch", "describe-alarms", "--page-size", "4")).MetricAlarms as unknown[];
    expect(alarms).toHaveLength(15);
  });

  it("lists trails with ListTrails", async () => {
    expect(await aws("cloudtrail", "list-trails")).toEqual({
      Trails: [
        {
          TrailARN: "arn:aws:cloudtrail:us-east-1:111111111111:trail/management-trail",
          Name: "management-trail",
          HomeRegion: "us-east-1",
        },
      ],
    });
  });

  it("answers DescribeLogGroups --log-group-identifiers with only the groups named", async () => {
    // The member is from 2025: a CLI whose model predates it (Debian's 2.9) cannot send it and says so itself.
    const { stdout } = await run("aws", ["logs", "describe-log-groups", "help"], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", AWS_PAGER: "", PAGER: "cat" },
    });
    const args = [
      "logs",
      "describe-log-groups",
      "--log-group-identifiers",
      "aws-cloudtrail-logs",
      "no-such-group",
    ];
    if (!stdout.includes("log-group-identifiers")) {
      await expect(aws(...args)).rejects.toThrow(/log-group-identifiers/);
      return;
    }
    const out = await aws(...args);
    expect((out.logGroups as Array<{ logGroupName: string }>).map((g) => g.logGroupName)).toEqual([
      "aws-cloudtrail-logs",
    ]);
    await expect(aws(...args, "--log-group-name-prefix", "aws")).rejects.toThrow(/InvalidParameterException/);
  });

  it("gets AWS's error code back for a missing trail", async () => {
    await expect(aws("cloudtrail", "get-trail-status", "--name", "nope")).rejects.toThrow(
      /TrailNotFoundException/,
    );
  });
});
