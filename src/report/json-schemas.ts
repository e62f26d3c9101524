/** JSON Schemas generated from the zod schemas: the config file's and the JSON report's. */
import { z } from "zod";
import { configSchema } from "../config/schema.ts";
import { packagePath } from "../paths.ts";
import { REPORT_VERSION, reportSchema } from "./model.ts";

export const SCHEMA_FILES = {
  config: packagePath("config/wirewatch.schema.json"),
  report: packagePath("docs/schema/report.schema.json"),
} as const;

export function renderSchemas(): Record<keyof typeof SCHEMA_FILES, string> {
  const config = {
    ...z.toJSONSchema(configSchema, { io: "input" }),
    $id: "https://wirewatch.dev/schema/config.json",
    title: "wirewatch configuration",
  };
  const report = {
    ...z.toJSONSchema(reportSchema, { io: "output" }),
    $id: `https://wirewatch.dev/schema/report-${REPORT_VERSION}.json`,
    title: "wirewatch scan report",
  };
  return {
    config: JSON.stringify(config, null, 2) + "\n",
    report: JSON.stringify(report, null, 2) + "\n",
  };
}
