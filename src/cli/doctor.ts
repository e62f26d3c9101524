/**
 * `wirewatch doctor [--config FILE]`: checks the set-up a first scan needs and says what to fix, one line a step:
 * the hub's credentials and whose they are, Organizations access, the audit role (and its ExternalId) in a sample
 * of accounts, every action of the audit policy in each, the enabled regions, the state store and each notification
 * channel's settings. Exit 0 when
 * ready, 3 with the list when not.
 */
import { layerForCommand } from "../aws/layer.ts";
import { externalIdFor } from "../config/load.ts";
import { ConfigError, EXIT } from "../errors.ts";
import { probeChannels, probeStore } from "../doctor/local-probes.ts";
import { probeAccount, probeCredentials, probeOrganization, type Verdict } from "../doctor/probes.ts";
import { loadCommandConfig } from "./context.ts";
import type { Io } from "./io.ts";

export interface DoctorFlags {
  config?: string;
  sample?: string;
  format?: "console" | "json";
}

export async function runDoctor(flags: DoctorFlags, io: Io): Promise<{ code: number; verdicts: Verdict[] }> {
  const config = loadCommandConfig(flags.config);
  const sample = Math.max(1, Number(flags.sample ?? 3) || 3);
  const layer = layerForCommand(config.aws, io.env);
  const verdicts: Verdict[] = [];
  try {
    const credentials = await probeCredentials(layer);
    verdicts.push(credentials);
    if (credentials.ok) {
      const org = await probeOrganization(layer, config);
      verdicts.push(org.verdict);
      let externalId: string | undefined;
      try {
        externalId = externalIdFor(config.roles.audit, io.env);
        if (config.roles.audit.externalIdEnv) {
          verdicts.push({
            step: "external-id",
            ok: true,
            detail: `the ExternalId is read from ${config.roles.audit.externalIdEnv}`,
          });
        }
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        verdicts.push({
          step: "external-id",
          ok: false,
          detail: err.message,
          fix: `export ${config.roles.audit.externalIdEnv ?? "the variable"} with the ExternalId the roles' trust policy requires`,
        });
      }
      // The management account first (the organization trail usually lives there), then the first others by id.
      const ids = [...new Set([org.managementAccountId, ...org.accounts].filter((a): a is string => !!a))];
      for (const accountId of ids.slice(0, sample)) {
        verdicts.push(...(await probeAccount(layer, config, accountId, externalId)));
      }
    }
  } finally {
    layer.close();
  }
  verdicts.push(await probeStore(config, io.env), ...probeChannels(config, io.env));
  const ready = verdicts.every((v) => v.ok);
  if (flags.format === "json") {
    io.stdout.write(JSON.stringify({ ready, verdicts }, null, 2) + "\n");
  } else {
    const lines = verdicts.map((v) => {
      const where = v.accountId ? ` ${v.accountId}` : "";
      const head = `  ${v.ok ? "ok  " : "FAIL"}  ${(v.step + where).padEnd(26)} ${v.detail}`;
      return v.ok || !v.fix ? head : `${head}\n        fix: ${v.fix}`;
    });
    io.stdout.write(
      [
        `wirewatch doctor${flags.config ? ` (${flags.config})` : ""}`,
        ...lines,
        ready
          ? "Ready: run wirewatch scan" + (flags.config ? ` --config ${flags.config}` : "")
          : `Not ready: ${verdicts.filter((v) => !v.ok).length} to fix above.`,
        "",
      ].join("\n"),
    );
  }
  return { code: ready ? EXIT.ok : EXIT.usage, verdicts };
}
