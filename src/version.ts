/** wirewatch's version, from package.json. */
import { readFileSync } from "node:fs";
import { packagePath } from "./paths.ts";

const pkg = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string };
export const VERSION: string = pkg.version;
