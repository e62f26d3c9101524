/**
 * Lines of the user's config file that put things in scope, so a report anchored to that file (SARIF code
 * scanning needs a file and line for every result) points at the key a reader would change.
 */
import { readFileSync } from "node:fs";
import { isMap, isSeq, LineCounter, parseDocument, type Document } from "yaml";

export interface ConfigAnchors {
  /** The line of the key that put this account or the check's baseline in scope; 1 when unknown. */
  lineFor(f: { accountId: string; checkId: string }): number;
  /** The line of suppressions[index]; undefined when unknown. */
  suppressionLine(index: number): number | undefined;
}

/** The baseline section each check family is judged against. */
const BASELINE_OF: Record<string, string[]> = {
  cloudtrail: ["baseline", "cloudtrail"],
  eventbridge: ["baseline", "forwarding"],
  logs: ["baseline", "logs"],
  alarms: ["baseline", "alarms"],
  org: ["organization"],
};

const NONE: ConfigAnchors = { lineFor: () => 1, suppressionLine: () => undefined };

export function configAnchors(file: string | undefined): ConfigAnchors {
  if (!file) return NONE;
  let doc: Document;
  const lines = new LineCounter();
  try {
    doc = parseDocument(readFileSync(file, "utf8"), { lineCounter: lines });
  } catch {
    return NONE;
  }
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lines.linePos(range[0]).line : undefined;
  };
  /** The line of a key itself (not of its value), walking up to the nearest key that exists. */
  const keyLine = (path: string[]): number | undefined => {
    for (let n = path.length; n > 0; n--) {
      const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
      if (!isMap(parent)) continue;
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[n - 1]);
      const line = pair ? lineOf(pair.key) : undefined;
      if (line !== undefined) return line;
    }
    return undefined;
  };
  const accountLine = (accountId: string): number | undefined => {
    for (const key of [
      ["organization", "accounts"],
      ["organization", "include"],
    ]) {
      const seq = doc.getIn(key, true);
      if (!isSeq(seq)) continue;
      for (const item of seq.items) {
        const id = isMap(item) ? item.get("id") : (item as { value?: unknown } | null)?.value;
        if (String(id) === accountId) return lineOf(item);
      }
    }
    return undefined;
  };
  return {
    lineFor: (f) =>
      accountLine(f.accountId) ?? keyLine(BASELINE_OF[f.checkId.split(".")[0] ?? ""] ?? []) ?? 1,
    suppressionLine: (index) => lineOf(doc.getIn(["suppressions", index], true)),
  };
}
