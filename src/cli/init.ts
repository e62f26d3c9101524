/**
 * `wirewatch init [--output FILE]`: writes a commented starter configuration for the caller's organization, filled
 * in with what discoverStarterFacts could read (Organizations access, the trail to hold accounts to, the central
 * destinations already in use). It never overwrites a file; the result is validated like any config before it
 * is written.
 */
import { writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { stringify } from "yaml";
import { layerForCommand } from "../aws/layer.ts";
import { loadConfig } from "../config/load.ts";
import { UsageError, EXIT } from "../errors.ts";
import { discoverStarterFacts, type StarterFacts } from "../doctor/starter.ts";
import { loadCommandConfig } from "./context.ts";
import type { Io } from "./io.ts";
import { requireWritableFile } from "./output-paths.ts";

const scalar = (v: string) => stringify(v).trimEnd();

/** The starter file's text for these facts: every key commented, only what was found filled in. */
export function starterConfig(facts: StarterFacts, homeRegion: string): string {
  const t = facts.trail;
  const lines = [
    "# wirewatch configuration written by `wirewatch init`. Every key is optional: what is left out comes from",
    "# config/default.yaml. Editors can validate this file against config/wirewatch.schema.json.",
    ...(facts.callerArn ? [`# Written as ${facts.callerArn}.`] : []),
    ...(facts.unread.length ? [`# Could not read: ${facts.unread.join(", ")}.`] : []),
    "",
    "organization:",
    ...(facts.organizationsReadable
      ? [
          `  # ${facts.organizationId ?? "The organization"}, management account ${facts.managementAccountId ?? "unknown"}:`,
          "  # accounts come from Organizations ListAccounts.",
          "  discovery: organizations",
          "  exclude: [] # account ids never to scan",
        ]
      : [
          "  # Organizations could not be read with these credentials: list the accounts to scan, or run init",
          "  # again as the management account (or a delegated administrator).",
          "  discovery: list",
          '  accounts: [] # plain ids, e.g. ["222222222222"], or { id: ..., name: ... }',
        ]),
    "",
    "roles:",
    "  audit:",
    "    # Read-only role in every account (config/iam/audit-role-policy.json), trusted by this account.",
    "    name: WirewatchAudit",
    "    # externalIdEnv: WIREWATCH_EXTERNAL_ID  # the variable holding the ExternalId, never the value",
    "  remediation:",
    "    # Separate role with write permissions, used only by `wirewatch apply`.",
    "    name: WirewatchRemediation",
    "",
    "regions:",
    "  exclude: [] # every enabled region is scanned; exclude those an SCP closes on purpose",
    "",
    "aws:",
    `  homeRegion: ${scalar(homeRegion)}`,
    "",
    "baseline:",
    "  cloudtrail:",
    ...(t
      ? [
          `    # Found: the ${t.isOrganizationTrail ? "organization" : "multi-region"} trail ${t.name}; remediation re-creates trails like it.`,
          `    trailName: ${scalar(t.name)}`,
          ...(t.s3Bucket ? [`    s3Bucket: ${scalar(t.s3Bucket)}`] : []),
          ...(t.kmsKeyId ? [`    kmsKeyId: ${scalar(t.kmsKeyId)}`] : []),
          ...(t.logGroup ? [`    logGroup: ${scalar(t.logGroup)}`] : []),
        ]
      : [
          "    # No trail was found in this account's home region: set the trail remediation should create.",
          "    # trailName: org-trail",
        ]),
  ];
  lines.push("  logs:");
  lines.push(
    facts.logDestination
      ? `    destination: ${scalar(facts.logDestination)} # found on the trail's log group`
      : "    # destination: arn:{partition}:logs:{region}:<central account>:destination:<name>",
  );
  lines.push("    retentionDays: 365");
  lines.push("  forwarding:");
  lines.push(
    facts.forwardingDestination
      ? `    destination: ${scalar(facts.forwardingDestination)} # found on a CloudTrail forwarding rule`
      : "    # destination: arn:{partition}:events:{region}:<central account>:event-bus/<name>",
  );
  lines.push("", "scan:", "  failOn: high # exit 1 only for high and critical gaps", "");
  lines.push("report:", "  formats: [console, json]", "  outputDir: wirewatch-report", "");
  return lines.join("\n");
}

export async function runInit(flags: { output?: string; config?: string }, io: Io): Promise<number> {
  const out = flags.output ?? "wirewatch.yaml";
  if (existsSync(out)) throw new UsageError(`--output ${out}: exists; init never overwrites a file`);
  await requireWritableFile(out, "--output");
  const config = loadCommandConfig(flags.config);
  const layer = layerForCommand(config.aws, io.env);
  let facts: StarterFacts;
  try {
    await layer.requireHubCredentials();
    facts = await discoverStarterFacts(layer);
  } finally {
    layer.close();
  }
  const text = starterConfig(facts, config.aws.homeRegion);
  await writeFile(out, text, { flag: "wx" });
  // What we wrote must load: a bug here must not hand a new user a file the next command refuses.
  loadConfig(out);
  io.stdout.write(
    `Wrote ${out}` +
      (facts.unread.length ? ` (could not read: ${facts.unread.join(", ")})` : "") +
      `. Next: wirewatch doctor --config ${out}\n`,
  );
  return EXIT.ok;
}
