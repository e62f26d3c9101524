/** "Did you mean": the known ids closest to a mistyped one, by edit distance and then by shared words. */

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Up to `max` known ids, best first: typos (a few edits away) before ids that merely share words. */
export function suggest(id: string, known: readonly string[], max = 3): string[] {
  const wanted = id.toLowerCase();
  const parts = wanted.split(/[.\-_:]/).filter(Boolean);
  const scored = known.map((k) => {
    const distance = editDistance(wanted, k.toLowerCase());
    const shared = parts.filter((p) => k.toLowerCase().includes(p)).length;
    return { k, distance, shared };
  });
  const typos = scored
    .filter((s) => s.distance <= Math.max(2, Math.floor(wanted.length / 4)))
    .sort((a, b) => a.distance - b.distance || a.k.localeCompare(b.k));
  const related = scored
    .filter((s) => s.shared > 0 && !typos.includes(s))
    .sort((a, b) => b.shared - a.shared || a.distance - b.distance || a.k.localeCompare(b.k));
  return [...typos, ...related].slice(0, max).map((s) => s.k);
}

/** " — did you mean a, b?" or nothing. */
export function didYouMean(id: string, known: readonly string[]): string {
  const hint = suggest(id, known);
  return hint.length ? ` — did you mean ${hint.join(", ")}?` : "";
}
