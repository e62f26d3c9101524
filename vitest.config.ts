import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "checks/**/*.test.ts", "remediations/**/*.test.ts", "src/**/*.test.ts"],
    // End-to-end tests scan whole simulated organizations through child processes; a loaded 2-core CI machine is slow.
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The SDK's notice that Node 20 support ends in 2027 would repeat in every test process.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
