// npm's prepare hook: build dist/ when the compiler is installed (a clone after `npm ci`); a production install
// (`npm ci --omit=dev`) has no compiler and uses the dist/ that was built beside it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  if (existsSync(new URL("../dist/src/cli/main.js", import.meta.url))) process.exit(0);
  process.stderr.write(
    "wirewatch: no TypeScript compiler and no dist/: install with dev dependencies to build\n",
  );
  process.exit(1);
}
const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
process.exit(r.status ?? 1);
