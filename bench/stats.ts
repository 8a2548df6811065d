/** Nearest-rank percentile (p in 0..100) of a non-empty list of samples; the benchmarks report p50 and p95 with it. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
