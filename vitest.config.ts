import { defineConfig } from "vitest/config";

// Three projects with their own time limits: unit tests are pure and fast (CLI usage and exit codes run in-process
// through main(argv, io)); integration tests drive the simulator through the real SDK in-process, the CLI's commands
// included; end-to-end tests are the few smoke tests that run the built CLI (dist/, made by `npm run build`) as a
// user runs it. `vitest run --project unit` runs one of them.
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          // Projects with their own maxWorkers run as groups, one after the other: unit, integration, e2e.
          sequence: { groupOrder: 0 },
          include: [
            "src/**/*.test.ts",
            "checks/**/*.test.ts",
            "remediations/**/*.test.ts",
            "test/unit/**/*.test.ts",
          ],
          testTimeout: 30_000,
          env,
        },
      },
      {
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 120_000,
          // The CLI and scan files mostly wait on the simulator's rate limits and the client's pacing, not the CPU:
          // run files side by side.
          maxWorkers: 4,
          hookTimeout: 60_000,
          env,
        },
      },
      {
        test: {
          name: "e2e",
          sequence: { groupOrder: 2 },
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/require-build.ts"],
          // Whole simulated organizations are scanned; a loaded 2-core CI machine is slow.
          testTimeout: 240_000,
          // These tests wait on the simulator (latency, rate limits) far more than they compute: run files side by side.
          maxWorkers: 4,
          hookTimeout: 60_000,
          env,
        },
      },
    ],
  },
});
