/**
 * The coverage matrix: for every account and region, the state of each detection path (docs/architecture.md)
 * and the best detection latency that still works there. Derived from findings and the checks' declared paths.
 */
import type { Check, DetectionPath, Finding } from "./check.ts";
import { withHidden } from "./one-cause.ts";

/** ok: works; degraded: works with a weakness; blind: broken; unknown: could not look; unchecked: no check yet. */
export type PathState = "ok" | "degraded" | "blind" | "unknown" | "unchecked";
export type LatencyClass = "seconds" | "minutes" | "~15 min" | "none" | "unknown";

export interface CoverageCell {
  accountId: string;
  /** "*" for an account that could not be entered: no region is known. */
  region: string;
  paths: Record<DetectionPath, PathState>;
  latency: LatencyClass;
}

export const PATHS: readonly DetectionPath[] = ["archive", "log", "alarm", "fast"];

/** Fastest first (docs/architecture.md, "Detection paths": seconds, minutes, 5-15 min, up to ~25 min). */
const LATENCY_ORDER: ReadonlyArray<[DetectionPath, LatencyClass]> = [
  ["fast", "seconds"],
  ["log", "minutes"],
  ["archive", "~15 min"],
  ["alarm", "~15 min"],
];

export function coverageFor(
  accountId: string,
  regions: readonly string[],
  reported: readonly Finding[],
  checks: readonly Check[],
): CoverageCell[] {
  // A check folded into its cause could not look: the paths it judges are unknown, as if it had erred.
  const findings = withHidden(reported);
  const checkById = new Map(checks.map((c) => [c.meta.id, c]));
  const declared = new Set(
    checks.flatMap((c) =>
      Object.entries(c.meta.paths ?? {})
        .filter(([, effect]) => effect === "decides")
        .map(([path]) => path as DetectionPath),
    ),
  );
  const cells = (regions.length > 0 ? regions : ["*"]).map((region) => {
    const relevant = findings.filter(
      (f) => f.accountId === accountId && (f.region === region || f.region === "global" || region === "*"),
    );
    const paths = {} as Record<DetectionPath, PathState>;
    const obscured = relevant.some(
      (f) =>
        f.status !== "pass" &&
        f.status !== "not_applicable" &&
        checkById.get(f.checkId)?.meta.obscuresCoverage,
    );
    for (const path of PATHS) {
      if (!declared.has(path)) {
        paths[path] = "unchecked";
        continue;
      }
      let state: PathState = regions.length === 0 || obscured ? "unknown" : "ok";
      // Several checks may decide one path (the 15 alarm controls): all failing is blind, some failing degraded.
      const decidersFailing = new Set<string>();
      const decidersSeen = new Set<string>();
      for (const f of relevant) {
        const effect = checkById.get(f.checkId)?.meta.paths?.[path];
        if (!effect || obscured) continue;
        if (effect === "decides" && f.status !== "not_applicable") {
          decidersSeen.add(f.checkId);
          if (f.status === "fail") decidersFailing.add(f.checkId);
        }
        if (f.status === "fail" && effect === "breaks") state = "blind";
        else if (f.status === "error" && state !== "blind") state = "unknown";
        else if (f.status === "fail" && state === "ok") state = "degraded";
      }
      const decidersFailed = decidersFailing.size > 0 && decidersFailing.size === decidersSeen.size;
      if (decidersFailed) state = "blind";
      paths[path] = state;
    }
    return { accountId, region, paths, latency: latencyOf(paths) };
  });
  return cells;
}

export function latencyOf(paths: Record<DetectionPath, PathState>): LatencyClass {
  for (const [path, latency] of LATENCY_ORDER) {
    if (paths[path] === "ok" || paths[path] === "degraded") return latency;
  }
  return PATHS.some((p) => paths[p] === "unknown") ? "unknown" : "none";
}
