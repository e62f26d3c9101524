/** The notifications section: each mistake named with its file, line and key path. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.ts";
import { ConfigError } from "../../src/errors.ts";

const dir = mkdtempSync(join(tmpdir(), "wirewatch-config-notify-"));
let n = 0;
const file = (lines: string[]) => {
  const path = join(dir, `c${n++}.yaml`);
  writeFileSync(path, ["notifications:", "  channels:", ...lines].join("\n") + "\n");
  return path;
};

function issueOf(path: string) {
  try {
    loadConfig(path);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => ({ path: i.path, line: i.line, message: i.message }));
  }
  throw new Error("expected a ConfigError");
}

describe("notifications config", () => {
  it("reads one channel of each kind with its defaults", () => {
    const config = loadConfig(
      file([
        "    - { type: webhook, urlEnv: HOOK, secretEnv: HOOK_SECRET }",
        "    - { type: slack, name: sec-slack, url: https://hooks.slack.com/services/T/B/X, minSeverity: high }",
        '    - { type: sns, topicArn: "arn:aws:sns:us-east-1:111111111111:alerts" }',
      ]),
    );
    expect(config.notifications.channels.map((c) => [c.type, c.name ?? null, c.minSeverity])).toEqual([
      ["webhook", null, "info"],
      ["slack", "sec-slack", "high"],
      ["sns", null, "info"],
    ]);
    expect(config.notifications).toMatchObject({ attempts: 3, backoffMs: 1000, timeoutMs: 10_000 });
  });

  it.each([
    [["    - { type: webhook }"], "notifications.channels.0", /exactly one of url and urlEnv/],
    [["    - { type: slack, url: ftp://x, }"], "notifications.channels.0.url", /./],
    [["    - { type: pager, urlEnv: X }"], "notifications.channels.0.type", /type: webhook \| slack/],
    [
      ["    - { type: sns, topicArn: arn:aws:sqs:us-east-1:111111111111:q }"],
      "notifications.channels.0.topicArn",
      /SNS topic ARN/,
    ],
    [
      ["    - { type: webhook, urlEnv: A }", "    - { type: webhook, urlEnv: B }"],
      "notifications.channels.1.name",
      /two channels are named "webhook"/,
    ],
  ])("refuses %j at %s", (lines, path, message) => {
    const issues = issueOf(file(lines));
    expect(issues).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
    expect(issues[0]!.line).toBeGreaterThanOrEqual(3);
  });
});

describe("a value of the wrong shape", () => {
  it("is shown the right shape with an example taken from the baseline", () => {
    const path = join(dir, `shape-${n++}.yaml`);
    writeFileSync(path, "roles:\n  audit: WirewatchAudit\nregions:\n  include: us-east-1\n");
    const issues = issueOf(path);
    expect(issues).toEqual([
      {
        path: "roles.audit",
        line: 2,
        message: expect.stringContaining("(a mapping, for example audit: { name: WirewatchAudit,"),
      },
      {
        path: "regions.include",
        line: 4,
        message: expect.stringContaining("(a list, for example include: ["),
      },
    ]);
  });
});
