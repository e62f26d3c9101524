#!/usr/bin/env node
// Runs the TypeScript sources through tsx so the CLI works from a fresh clone without a build step.
import { register } from "tsx/esm/api";

// The SDK warns on every run that Node 20 support ends in 2027; the README says so once instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
