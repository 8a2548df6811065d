import { describe, expect, it } from 'vitest';
import { keptAnswer, unbrokenCount } from '../../../src-main/interview/kept-answer';

const row = (questionMessageId: string, segmentIndex: number) => ({ questionMessageId, segmentIndex, id: `${questionMessageId}#${segmentIndex}` });
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('what a restart keeps of the answers in progress', () => {
  it('keeps the waiting question’s segments in order and lets every other question’s go', () => {
    const rows = [row('q2', 1), row('q1', 0), row('q2', 0), row('q1', 1), row('q2', 2)];
    const { keep, drop } = keptAnswer(rows, 'q2');
    expect(ids(keep)).toEqual(['q2#0', 'q2#1', 'q2#2']);
    // q1 was answered (or replaced) before the app stopped: its segments are not brought back.
    expect(ids(drop).sort()).toEqual(['q1#0', 'q1#1']);
  });

  it('stops at the first segment missing, since the renderer numbers its next one after those kept', () => {
    const { keep, drop } = keptAnswer([row('q1', 0), row('q1', 1), row('q1', 3), row('q1', 4)], 'q1');
    expect(ids(keep)).toEqual(['q1#0', 'q1#1']);
    expect(ids(drop)).toEqual(['q1#3', 'q1#4']);
  });

  it('keeps nothing when the first segment is missing or no question waits', () => {
    expect(keptAnswer([row('q1', 1), row('q1', 2)], 'q1').keep).toEqual([]);
    const finished = keptAnswer([row('q1', 0)], null);
    expect(finished.keep).toEqual([]);
    expect(ids(finished.drop)).toEqual(['q1#0']);
    expect(keptAnswer([], 'q1')).toEqual({ keep: [], drop: [] });
  });

  it('counts segments from the first on without a gap', () => {
    expect(unbrokenCount([])).toBe(0);
    expect(unbrokenCount([1, 2])).toBe(0);
    expect(unbrokenCount([2, 0, 1])).toBe(3);
    expect(unbrokenCount([0, 1, 3])).toBe(2);
  });
});
