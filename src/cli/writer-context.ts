/** What the report writers need beyond the report: the checks' and remediations' metadata, and the anchor file. */
import { isAbsolute, relative } from "node:path";
import { CHECKS } from "../../checks/index.ts";
import { REMEDIATIONS } from "../../remediations/index.ts";
import { configAnchors } from "../config/anchors.ts";
import type { Config } from "../config/schema.ts";
import type { WriterContext } from "../report/writer.ts";

/** The anchor file as code scanning wants it: relative to the working directory (the repository root in CI). */
function anchorUri(config: Config, configFile: string | undefined): string {
  const path = config.report.sarifAnchor ?? configFile ?? "wirewatch.yaml";
  const rel = isAbsolute(path) ? relative(process.cwd(), path) : path;
  return rel.split("\\").join("/").replace(/^\.\//, "");
}

export function writerContext(config: Config, configFile: string | undefined): WriterContext {
  const anchoredToConfig = config.report.sarifAnchor === undefined;
  const anchors = configAnchors(anchoredToConfig ? configFile : undefined);
  return {
    checks: new Map(CHECKS.map((c) => [c.meta.id, c.meta])),
    remediations: new Map(REMEDIATIONS.map((r) => [r.meta.id, r.meta])),
    anchor: { uri: anchorUri(config, configFile), lineFor: (f) => anchors.lineFor(f) },
    homeRegion: config.aws.homeRegion,
  };
}
