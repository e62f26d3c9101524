/** `wirewatch serve`: the long-running service (src/service/); `--check` validates its configuration and exits. */
import { EXIT } from "../errors.ts";
import { commandLogger, loadCommandConfig } from "./context.ts";
import { interruptible } from "./interrupt.ts";
import type { Io } from "./io.ts";
import { requireWritableDir } from "./output-paths.ts";

export interface ServeFlags {
  config?: string;
  check?: boolean;
}

export async function serveCommand(flags: ServeFlags, io: Io): Promise<number> {
  const config = loadCommandConfig(flags.config);
  const s = config.service;
  if (flags.check) {
    const token = s.http.tokenEnv
      ? `GET / and /report.json with the token in $${s.http.tokenEnv}`
      : "no report serving (service.http.tokenEnv unset)";
    io.stdout.write(
      `${flags.config ?? "the default configuration"} is valid: scans on "${s.schedule}" (${s.timezone})` +
        `${s.runOnStart ? ", and once on start" : ""}; remediate ${s.remediate}; ` +
        `HTTP on ${s.http.host}:${s.http.port}; ${token}\n`,
    );
    return EXIT.ok;
  }
  await requireWritableDir(config.report.outputDir, "report.outputDir");
  // A service tells what it does at info unless told otherwise; a one-off command keeps the quieter warn.
  const quiet = io.logLevel !== undefined || io.env.WIREWATCH_LOG_LEVEL !== undefined;
  const logger = commandLogger(quiet ? io : { ...io, logLevel: "info" });
  const { runService } = await import("../service/service.ts");
  return interruptible((stop) => runService({ config, configFile: flags.config, io, logger, stop }));
}
