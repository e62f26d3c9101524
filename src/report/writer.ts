/**
 * One report model, many writers: every file format renders the same ScanReport (model.ts) and nothing else, so
 * the formats cannot disagree about what a scan found. The console is written to stdout; the others to files.
 */
import type { CheckMeta } from "../engine/check.ts";
import type { ScanReport } from "./model.ts";

/** What a writer may know beyond the report: the checks' metadata (rules, help) and where results anchor. */
export interface WriterContext {
  checks: ReadonlyMap<string, CheckMeta>;
  /** Remediation titles and descriptions by id, for help text. */
  remediations: ReadonlyMap<string, { title: string; description: string }>;
  /** The file results are anchored to (SARIF physicalLocation), relative to the repository root. */
  anchor: {
    uri: string;
    /** The line that put a finding's account or baseline in scope; 1 when unknown. */
    lineFor(finding: ScanReport["findings"][number]): number;
  };
  /** The region Security Hub findings are imported into (ASFF ProductArn): aws.homeRegion. */
  homeRegion: string;
  /** Recorded scans of the scope, oldest first, the current one last; absent without a state store. */
  history?: HistoryPoint[];
}

/** One recorded scan of the scope, for the HTML report's trend of blind account-regions (oldest first). */
export interface HistoryPoint {
  scanId: string;
  startedAt: string;
  blind: number;
  unknown: number;
  total: number;
}

export interface ReportWriter {
  format: string;
  /** The file name written in the output directory. */
  fileName: string;
  render(report: ScanReport, ctx: WriterContext): string;
  /**
   * The same text in pieces, for formats whose size grows with every finding (JSON, JUnit): a large
   * organization's report is written piece by piece instead of held as one string, which V8 caps at about 512 MiB.
   */
  chunks?(report: ScanReport, ctx: WriterContext): Iterable<string>;
}

/** A writer's text in pieces: its own chunks when it has them, else its whole rendering as one. */
export function chunksOf(writer: ReportWriter, report: ScanReport, ctx: WriterContext): Iterable<string> {
  return writer.chunks ? writer.chunks(report, ctx) : [writer.render(report, ctx)];
}
