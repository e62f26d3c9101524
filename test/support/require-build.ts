// End-to-end tests run the built CLI: fail at once, with the fix, when dist/ is missing.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./cli.ts";

export default function requireBuild(): void {
  if (!existsSync(join(ROOT, "dist/src/cli/main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` before the end-to-end tests");
  }
}
