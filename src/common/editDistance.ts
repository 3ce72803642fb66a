/** Levenshtein edit distance between two strings (insertions, deletions, substitutions), for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Up to `max` names nearest to `given` (prefixes first, then by edit distance), for "did you mean" hints. */
export function nearestNames(given: string, names: readonly string[], max = 3): string[] {
  const g = given.toLowerCase();
  return names
    .map((n) => ({
      n,
      d: n.toLowerCase().startsWith(g) || g.startsWith(n.toLowerCase()) ? 0 : editDistance(g, n.toLowerCase()),
    }))
    .filter((x) => x.d <= Math.max(2, Math.floor(x.n.length / 2)))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, max)
    .map((x) => x.n);
}
