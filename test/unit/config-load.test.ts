import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { externalIdFor, loadConfig, type KnownIds } from "../../src/config/load.ts";
import { ConfigError } from "../../src/errors.ts";

const dir = mkdtempSync(join(tmpdir(), "wirewatch-config-"));
let n = 0;
function file(text: string): string {
  const path = join(dir, `config-${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("loads the baseline when no file is given", () => {
    const config = loadConfig();
    expect(config.roles.audit.name).toBe("WirewatchAudit");
    expect(config.baseline.logs.retentionDays).toBe(365);
    expect(config.scan.failOn).toBe("low");
    expect(config.scan.accountBudgetMs).toBe(10_000);
  });

  it("overlays a user's file key by key, lists replacing", () => {
    const config = loadConfig(
      file(
        [
          "roles:",
          "  audit:",
          "    name: SecurityAudit",
          "regions:",
          "  exclude: [ap-east-1]",
          "baseline:",
          "  cloudtrail:",
          "    s3DeliveryMaxAgeMinutes: 30",
        ].join("\n"),
      ),
    );
    expect(config.roles.audit).toMatchObject({ name: "SecurityAudit", sessionName: "wirewatch" });
    expect(config.regions.exclude).toEqual(["ap-east-1"]);
    expect(config.baseline.cloudtrail).toMatchObject({
      s3DeliveryMaxAgeMinutes: 30,
      interruptionLookbackHours: 168,
    });
  });

  it.each([
    ["an unknown key", "roles:\n  audit:\n    nmae: X\n", "roles.audit.nmae", 3],
    ["a wrong type", "aws:\n  maxAttempts: lots\n", "aws.maxAttempts", 2],
    ["a bad enum value", "scan:\n  failOn: severe\n", "scan.failOn", 2],
    ["a zero time budget", "scan:\n  accountBudgetMs: 0\n", "scan.accountBudgetMs", 2],
    ["a malformed account id", "organization:\n  include:\n    - '12345'\n", "organization.include.0", 3],
    [
      "an invalid ARN template",
      "baseline:\n  forwarding:\n    destination: not-an-arn\n",
      "baseline.forwarding.destination",
      3,
    ],
  ])("names file, line and key path for %s", (_label, text, path, line) => {
    const f = file(text);
    const issues = issuesOf(() => loadConfig(f));
    expect(issues).toEqual([expect.objectContaining({ file: f, path, line })]);
  });

  it.each([
    "arn:{partition}:events:{region}:999999999999:event-bus/central",
    "arn:aws-us-gov:events:{region}:999999999999:event-bus/central",
    "arn:aws-cn:events:{region}:999999999999:event-bus/central",
  ])("accepts the ARN template %s", (destination) => {
    const config = loadConfig(file(`baseline:\n  forwarding:\n    destination: "${destination}"\n`));
    expect(config.baseline.forwarding.destination).toBe(destination);
  });

  it("reports YAML syntax errors with their line", () => {
    const f = file("roles:\n  audit:\n    name: [unclosed\n");
    const issues = issuesOf(() => loadConfig(f));
    expect(issues[0]).toMatchObject({ file: f });
    expect(issues[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it("refuses a file that is not a mapping", () => {
    expect(() => loadConfig(file("- a\n- b\n"))).toThrow(ConfigError);
  });

  it("refuses a missing file", () => {
    expect(() => loadConfig(join(dir, "absent.yaml"))).toThrow(ConfigError);
  });
});

describe("organization.accounts", () => {
  it("takes plain ids and { id, name } alike", () => {
    const config = loadConfig(
      file(
        'organization:\n  discovery: list\n  accounts: ["222222222222", { id: "333333333333", name: dev }]\n',
      ),
    );
    expect(config.organization.accounts).toEqual([
      { id: "222222222222" },
      { id: "333333333333", name: "dev" },
    ]);
  });

  it.each([
    ["a number", "[12]", "organization.accounts.0", 3],
    ["a short id", '["2222"]', "organization.accounts.0", 3],
    ["a misspelt key", '[{ id: "333333333333", nme: dev }]', "organization.accounts.0.nme", 3],
  ])("refuses %s at its line", (_name, value, path, line) => {
    const issues = issuesOf(() =>
      loadConfig(file(`organization:\n  discovery: list\n  accounts: ${value}\n`)),
    );
    expect(issues.map((i) => [i.path, i.line])).toEqual([[path, line]]);
  });
});

describe("ids the config names", () => {
  const known: KnownIds = {
    checks: ["cloudtrail.multi-region-logging", "logs.retention"],
    remediations: ["cloudtrail.start-logging", "logs.put-retention"],
  };

  it.each([
    [
      "scan:\n  disabledChecks:\n    - logs.retention\n    - cloudtrail.multiregion-logging\n",
      "scan.disabledChecks.1",
      4,
      "cloudtrail.multi-region-logging",
    ],
    [
      "remediation:\n  allowlist: [cloudtrail.start-loging]\n",
      "remediation.allowlist.0",
      2,
      "cloudtrail.start-logging",
    ],
  ])("an unknown id is a config error at its line, with the closest known id", (text, path, line, hint) => {
    const f = file(text);
    const issues = issuesOf(() => loadConfig(f, {}, known));
    expect(issues).toEqual([expect.objectContaining({ file: f, path, line })]);
    expect(issues[0]?.message).toContain(hint);
  });

  it("accepts known ids", () => {
    const f = file(
      "scan:\n  disabledChecks: [logs.retention]\nremediation:\n  allowlist: [logs.put-retention]\n",
    );
    expect(loadConfig(f, {}, known).scan.disabledChecks).toEqual(["logs.retention"]);
  });

  it("checks the registered ids when given them, and the bundled configs name only those", async () => {
    const { loadCommandConfig } = await import("../../src/cli/context.ts");
    for (const path of ["config/examples/organization.yaml", "config/examples/demo.yaml"]) {
      expect(() => loadCommandConfig(path)).not.toThrow();
    }
    const f = file("scan:\n  disabledChecks: [cloudtrail.nope]\n");
    expect(issuesOf(() => loadCommandConfig(f))[0]?.path).toBe("scan.disabledChecks.0");
  });

  it("refuses an empty list of report formats", () => {
    const f = file("report:\n  formats: []\n");
    expect(issuesOf(() => loadConfig(f))[0]?.path).toBe("report.formats");
  });
});

describe("externalIdFor", () => {
  it("reads the ExternalId from the named environment variable only", () => {
    expect(externalIdFor({ externalIdEnv: "WW_EXT" }, { WW_EXT: "abc-123" })).toBe("abc-123");
    expect(externalIdFor({}, { WW_EXT: "abc-123" })).toBeUndefined();
    expect(() => externalIdFor({ externalIdEnv: "WW_EXT" }, {})).toThrow(ConfigError);
  });
});

describe("bundled example configurations", () => {
  it.each(["config/examples/organization.yaml", "config/examples/demo.yaml"])("%s is valid", (path) => {
    expect(() => loadConfig(path)).not.toThrow();
  });
});

describe("suppressions", () => {
  const KNOWN: KnownIds = {
    checks: ["cloudtrail.s3-delivery", "cloudtrail.kms-encryption"],
    remediations: [],
  };
  const NOW = new Date("2026-02-01T08:00:00Z");
  const entry = (over: string) =>
    [
      "suppressions:",
      "  - match: { checkId: cloudtrail.s3-delivery }",
      "    reason: sandbox",
      "    owner: platform",
      "    expires: 2026-03-01",
      over,
      "",
    ].join("\n");

  it("loads a suppression with an unquoted YAML date as its expiry", () => {
    const config = loadConfig(file(entry("    ticket: SEC-1")), {}, KNOWN, NOW);
    expect(config.suppressions).toEqual([
      {
        match: { checkId: "cloudtrail.s3-delivery" },
        reason: "sandbox",
        owner: "platform",
        expires: "2026-03-01",
        ticket: "SEC-1",
      },
    ]);
  });

  it.each([
    [
      "an expiry past scan.suppressionMaxDays",
      "suppressions:\n  - match: { accountId: '111111111111' }\n    reason: r\n    owner: o\n    expires: 2027-01-01\n",
      "suppressions.0.expires",
      5,
    ],
    [
      "a checkId that matches no check",
      "suppressions:\n  - match: { checkId: cloudtrail.s3-delivry }\n    reason: r\n    owner: o\n    expires: 2026-02-10\n",
      "suppressions.0.match.checkId",
      2,
    ],
    [
      "a missing reason",
      "suppressions:\n  - match: { accountId: '111111111111' }\n    owner: o\n    expires: 2026-02-10\n",
      "suppressions.0.reason",
      2,
    ],
    [
      "a match naming nothing",
      "suppressions:\n  - match: {}\n    reason: r\n    owner: o\n    expires: 2026-02-10\n",
      "suppressions.0.match",
      2,
    ],
    [
      "not a date",
      "suppressions:\n  - match: { region: us-east-1 }\n    reason: r\n    owner: o\n    expires: 2026-02-30\n",
      "suppressions.0.expires",
      5,
    ],
  ])("refuses %s, naming the line", (_what, text, path, line) => {
    const issues = issuesOf(() => loadConfig(file(text), {}, KNOWN, NOW));
    expect(issues.map((i) => [i.path, i.line])).toEqual([[path, line]]);
  });

  it("accepts an expiry already past: the scan reports it expired", () => {
    const config = loadConfig(
      file(
        "suppressions:\n  - match: { region: us-east-1 }\n    reason: r\n    owner: o\n    expires: 2025-01-01\n",
      ),
      {},
      KNOWN,
      NOW,
    );
    expect(config.suppressions[0]?.expires).toBe("2025-01-01");
  });

  it("takes the limit from scan.suppressionMaxDays", () => {
    const text =
      "scan:\n  suppressionMaxDays: 400\nsuppressions:\n  - match: { region: us-east-1 }\n    reason: r\n    owner: o\n    expires: 2027-01-01\n";
    expect(loadConfig(file(text), {}, KNOWN, NOW).suppressions).toHaveLength(1);
  });
});
