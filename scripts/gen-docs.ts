/** Writes the check catalogue (docs/checks.md) from the registry's metadata. A test fails when it is stale. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHECKS } from "../checks/index.ts";
import { CATALOGUE_FILE, renderCatalogue } from "../src/report/catalogue.ts";

const file = join(dirname(fileURLToPath(import.meta.url)), "..", CATALOGUE_FILE);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, renderCatalogue(CHECKS));
console.log(`wrote ${CATALOGUE_FILE} (${CHECKS.length} checks)`);
