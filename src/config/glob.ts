/**
 * Glob matching for suppressions (check ids and resource ARNs), with picomatch: `*` and `?` stop at `/`, `**`
 * crosses it, and a pattern without glob characters matches only itself. Never a substring match.
 */
import picomatch from "picomatch";

const cache = new Map<string, (s: string) => boolean>();

export function globMatches(pattern: string, value: string): boolean {
  let m = cache.get(pattern);
  if (!m) {
    // dot: ARNs and ids may contain "." after a "/"; nonegate: a leading "!" is literal, not "everything else".
    m = picomatch(pattern, { dot: true, nonegate: true, noextglob: true });
    cache.set(pattern, m);
  }
  return m(value);
}
