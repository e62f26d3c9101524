/**
 * `wirewatch demo`: starts the bundled AWS simulator in-process with the demo organization (3 accounts x 3
 * regions with deliberate gaps), scans it exactly as a real organization is scanned, and prints the report.
 * Talks only to loopback.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHECKS } from "../../checks/index.ts";
import { loadScenarioFile } from "../../test/sim/scenario.ts";
import { startSimulator } from "../../test/sim/server.ts";
import { AwsLayer } from "../aws/layer.ts";
import { loadConfig } from "../config/load.ts";
import { EXIT } from "../errors.ts";
import { renderConsole } from "../report/console.ts";
import { runScan } from "../scan/run.ts";
import type { Io } from "./main.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const DEMO_SCENARIO = join(ROOT, "test/scenarios/demo.yaml");
export const DEMO_CONFIG = join(ROOT, "config/examples/demo.yaml");

export async function runDemo(io: Io): Promise<number> {
  const sim = await startSimulator({ scenario: loadScenarioFile(DEMO_SCENARIO), latencyMs: 5 });
  try {
    io.stdout.write(
      `Started the AWS simulator at ${sim.endpoint} with the demo organization: ` +
        `${sim.world.accounts.size} accounts, deliberate gaps. Scanning it as wirewatch scans AWS...\n\n`,
    );
    const config = loadConfig(DEMO_CONFIG, { aws: { endpoint: sim.endpoint } });
    const layer = new AwsLayer({
      endpoint: sim.endpoint,
      maxAttempts: config.aws.maxAttempts,
      maxCallsInFlight: config.aws.maxCallsInFlight,
      homeRegion: config.aws.homeRegion,
      credentials: { accessKeyId: sim.hub.accessKeyId, secretAccessKey: sim.hub.secretAccessKey },
    });
    const report = await runScan({ config, layer, checks: CHECKS }).finally(() => layer.close());
    io.stdout.write(renderConsole(report, { color: io.stdout.isTTY === true && !io.env.NO_COLOR }));
    return EXIT.ok;
  } finally {
    await sim.close();
  }
}
