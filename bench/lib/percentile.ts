// Nearest-rank percentile of an ascending array (p from 0 to 1): the value at or below which a
// share p of the samples lie, always one of the samples. NaN for no samples.
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
