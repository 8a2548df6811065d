import { describe, expect, it } from 'vitest';
import type { PullCursor, PullReply } from '../../../src-main/sync/protocol';
import { PULL_PAGE } from '../../../src-main/sync/protocol';
import { pullChanges } from '../../../src-main/sync/pull-changes';

const cursorAt = (id: number): PullCursor => ({ txid: '7', id });
const page = (id: number, hasMore: boolean): PullReply => ({
  changes: [{ table: 'candidates', row: { id: `row-${id}` } }],
  cursor: cursorAt(id),
  hasMore,
  serverTime: '2025-01-01T00:00:00.000Z',
});

/** A server of numbered pages and an applier that records, in one log, what each side did and when. */
function world(pages: PullReply[], options: { failApplyAt?: number; start?: PullCursor | null } = {}) {
  const log: string[] = [];
  let stored = options.start ?? null;
  const session = {
    pull: async (cursor: PullCursor | null, limit: number) => {
      expect(limit).toBe(PULL_PAGE);
      log.push(`pull after ${cursor?.id ?? 'start'}`);
      const next = pages.find((p) => p.cursor!.id > (cursor?.id ?? 0));
      if (!next) throw new Error('no such page');
      return next;
    },
  };
  const applier = {
    cursor: () => stored,
    applyPage: (changes: PullReply['changes'], cursor: PullCursor | null) => {
      if (cursor?.id === options.failApplyAt) throw new Error(`page ${options.failApplyAt} does not apply`);
      log.push(`apply ${cursor?.id}`);
      stored = cursor;
      return { applied: changes.length, parked: 0, skipped: 0 };
    },
    noteEndOfPull: () => (log.push('end of pull'), { count: 0, rows: [] }),
  };
  return { session, applier, log, stored: () => stored };
}

describe('pullChanges', () => {
  it('asks for the next page before applying the current one, and applies pages in order from the stored cursor', async () => {
    const w = world([page(1, true), page(2, true), page(3, true), page(4, false)], { start: cursorAt(1) });
    await pullChanges(w.session, w.applier);
    expect(w.log).toEqual(['pull after 1', 'pull after 2', 'apply 2', 'pull after 3', 'apply 3', 'apply 4', 'end of pull']);
    expect(w.stored()).toEqual(cursorAt(4));
  });

  it('applies the only page (even an empty one) and asks once when the server has nothing more', async () => {
    const pulls: (PullCursor | null)[] = [];
    const applied: (PullCursor | null)[] = [];
    const session = { pull: async (cursor: PullCursor | null) => (pulls.push(cursor), { changes: [], cursor: null, hasMore: false, serverTime: '2025-01-01T00:00:00.000Z' }) };
    const applier = {
      cursor: () => null,
      applyPage: (_changes: unknown, cursor: PullCursor | null) => (applied.push(cursor), { applied: 0, parked: 0, skipped: 0 }),
      noteEndOfPull: () => ({ count: 0, rows: [] }),
    };
    await pullChanges(session, applier);
    expect(pulls).toEqual([null]);
    expect(applied).toEqual([null]);
  });

  it('leaves the cursor at the last page applied when a page fails, and reports that failure rather than the prefetch', async () => {
    // Page 2 says there is more, but the request for page 3 fails too: that prefetch is not the news.
    const w = world([page(1, true), page(2, true)], { failApplyAt: 2 });
    await expect(pullChanges(w.session, w.applier)).rejects.toThrow('page 2 does not apply');
    expect(w.stored()).toEqual(cursorAt(1));
    expect(w.log).toEqual(['pull after start', 'pull after 1', 'apply 1', 'pull after 2']);
  });
});
