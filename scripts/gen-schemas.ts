/** Writes the published JSON Schemas: the config (for editors) and the JSON report. Tests fail when stale. */
import { writeFileSync } from "node:fs";
import { SCHEMA_FILES, renderSchemas } from "../src/report/json-schemas.ts";

for (const [name, text] of Object.entries(renderSchemas())) {
  writeFileSync(SCHEMA_FILES[name as keyof typeof SCHEMA_FILES], text);
  console.log(`wrote ${SCHEMA_FILES[name as keyof typeof SCHEMA_FILES]}`);
}
