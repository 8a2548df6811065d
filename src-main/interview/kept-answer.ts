/** A kept segment as a restart finds it: which answer it belongs to and where in it. */
export interface KeptSegmentKey {
  questionMessageId: string;
  segmentIndex: number;
}

/**
 * What a restart carries on of the answers in progress: the segments of
 * the question still waiting for its answer, from the first on up to the
 * first one missing (the renderer numbers its next segment after them, so
 * a gap could never be filled). Everything else goes: segments of a
 * question answered or replaced meanwhile, or of none when no question
 * waits.
 */
export function keptAnswer<T extends KeptSegmentKey>(rows: readonly T[], currentQuestionId: string | null): { keep: T[]; drop: T[] } {
  const current = rows.filter((row) => row.questionMessageId === currentQuestionId).sort((a, b) => a.segmentIndex - b.segmentIndex);
  const keep = current.slice(0, unbrokenCount(current.map((row) => row.segmentIndex)));
  const kept = new Set(keep);
  return { keep, drop: rows.filter((row) => !kept.has(row)) };
}

/** How many segments there are from index 0 on without a gap. */
export function unbrokenCount(indexes: Iterable<number>): number {
  const present = new Set(indexes);
  let count = 0;
  while (present.has(count)) count++;
  return count;
}
