/** The file formats by name. */
import type { ReportFormat } from "../config/schema.ts";
import { asffWriter } from "./asff.ts";
import { htmlWriter } from "./html.ts";
import { junitWriter } from "./junit.ts";
import { markdownWriter } from "./markdown.ts";
import { jsonWriter } from "./json.ts";
import { sarifWriter } from "./sarif.ts";
import type { ReportWriter } from "./writer.ts";

/** Every format but the console, which only ever goes to stdout. */
export const FILE_WRITERS: Readonly<Record<Exclude<ReportFormat, "console">, ReportWriter>> = {
  json: jsonWriter,
  sarif: sarifWriter,
  junit: junitWriter,
  markdown: markdownWriter,
  html: htmlWriter,
  asff: asffWriter,
};
