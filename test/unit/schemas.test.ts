import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCHEMA_FILES, renderSchemas } from "../../src/report/json-schemas.ts";
import { reportSchemaErrors } from "../support/report-schema.ts";

describe("published JSON Schemas", () => {
  it.each(Object.entries(SCHEMA_FILES))("%s schema is up to date (run npm run schemas)", (name, file) => {
    expect(readFileSync(file, "utf8")).toBe(renderSchemas()[name as keyof typeof SCHEMA_FILES]);
  });

  it("rejects a report that breaks the contract", () => {
    expect(reportSchemaErrors({ version: "1.0", findings: [] }).length).toBeGreaterThan(0);
  });
});
