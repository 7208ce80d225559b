/** Levenshtein distance (small strings: layer and parameter names). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The `k` candidates closest to `name` by edit distance (ties: the earlier candidate), quoted for a message. */
export function closest(name: string, candidates: readonly string[], k = 3): string {
  const unique = [...new Set(candidates)];
  const ranked = unique.map((c, i) => ({ c, i, d: editDistance(name, c) })).sort((x, y) => x.d - y.d || x.i - y.i);
  return ranked.slice(0, k).map((r) => `'${r.c}'`).join(', ');
}
