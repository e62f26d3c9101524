#!/usr/bin/env node
// The wirewatch command: runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs through
// the prepare script).
import { existsSync } from "node:fs";

// The SDK warns on every run that Node 20 support ends in 2027; the README says so once instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const entry = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "wirewatch: the build is missing (dist/); run `npm run build` in the wirewatch folder\n",
  );
  process.exit(3);
}
process.setSourceMapsEnabled(true);
// A reader that closed the pipe (`wirewatch explain | head`) has what it wanted: stop quietly, as `cat` would.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});
const { main, installInterruptHandling, wasInterrupted } = await import(entry.href);
// SIGTERM/SIGINT (and, under npx or npm run, the death of the shell in between) reach the running command.
installInterruptHandling();
const code = await main(process.argv.slice(2));
if (wasInterrupted()) {
  // The reports are written; abandoned calls must not keep the process alive past its grace period.
  process.stdout.write("", () => process.exit(code));
} else {
  process.exitCode = code;
}
