/**
 * The few error classes wirewatch raises. Only the CLI entry point maps them to exit codes
 * (docs/architecture.md, "Contracts": 0 clean, 1 failures, 2 scan incomplete, 3 configuration or usage error).
 */
export class WirewatchError extends Error {
  override name = "WirewatchError";
}

/** A malformed config file, an unknown check id, a bad flag: the user must fix their input. Exit 3. */
export class UsageError extends WirewatchError {
  override name = "UsageError";
}

/** A config file that fails validation; `issues` name the file, line and key path of each problem. Exit 3. */
export class ConfigError extends UsageError {
  override name = "ConfigError";
  constructor(
    message: string,
    readonly issues: ConfigIssue[] = [],
  ) {
    super(message);
  }
}

export interface ConfigIssue {
  file: string;
  line?: number;
  column?: number;
  path: string;
  message: string;
}

/** A saved inventory or plan that cannot be read back. Exit 3. */
export class InputError extends UsageError {
  override name = "InputError";
}

/** The default credential chain found nothing for the hub identity: the user must provide credentials. Exit 3. */
export class CredentialsError extends UsageError {
  override name = "CredentialsError";
}

export const EXIT = { ok: 0, failures: 1, incomplete: 2, usage: 3 } as const;

/** The organization could not be discovered at all (e.g. ListAccounts denied): nothing can be scanned. Exit 2. */
export class DiscoveryError extends WirewatchError {
  override name = "DiscoveryError";
}
