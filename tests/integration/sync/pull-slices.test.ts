import { describe, expect, it } from 'vitest';
import type { PullCursor, PulledChange, PullReply } from '../../../src-main/sync/protocol';
import { pullChanges } from '../../../src-main/sync/pull-changes';
import { useLocalDevice } from './local-support';

/**
 * A pulled page is applied in short slices, so a first pull does not hold
 * main's event loop for the whole page (bench/main-thread.bench.ts). These
 * check what that must not cost: every row arrives once, parents that come
 * after their children in the page still release them, and the page's
 * cursor is stored only when all of it is in.
 */
const device = useLocalDevice();

/** `count` candidates with a resume each, written on a kiosk; the rows as the server sends them, children first. */
function kioskRows(count: number): PulledChange[] {
  const kiosk = device();
  for (let n = 0; n < count; n++) {
    const candidate = kiosk.candidates.create({ email: `candidate${n}@example.com`, fullName: `Candidate ${n}`, passwordHash: '$2b$04$realhash' });
    kiosk.resumes.create({ candidateId: candidate.id, fileUrl: `files/ab/${String(n).padStart(62, 'c')}`, fileName: 'cv.pdf', fileSize: 10 });
  }
  const rows = kiosk.store.sqlite.prepare('SELECT table_name, payload FROM sync_outbox ORDER BY id').all() as { table_name: string; payload: string }[];
  const changes = rows.map((row) => ({ table: row.table_name, row: JSON.parse(row.payload) as Record<string, unknown> }));
  return [...changes.filter((change) => change.table === 'resumes'), ...changes.filter((change) => change.table === 'candidates')];
}

/** The server's side of one pull: a single page, whatever the cursor. */
function serverOf(page: PullReply) {
  return { pull: async (_cursor: PullCursor | null, _limit: number) => page };
}

const CURSOR: PullCursor = { txid: '42', id: 500 };
const pageOf = (changes: PulledChange[]): PullReply => ({ changes, cursor: CURSOR, hasMore: false, serverTime: '2026-11-26T09:00:00.000Z' });

const count = (d: ReturnType<ReturnType<typeof useLocalDevice>>, table: string) =>
  (d.store.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;

describe('a pulled page applied in slices', () => {
  it('lets the event loop run between slices, releases children whose parents come later, and stores the cursor only at the end', async () => {
    const changes = kioskRows(150);
    const laptop = device();
    // What other work on main would see between slices: how far the page is, and whether the cursor moved.
    const seen: { candidates: number; cursor: PullCursor | null }[] = [];
    let watching = true;
    const watch = () => {
      if (!watching) return;
      seen.push({ candidates: count(laptop, 'candidates'), cursor: laptop.applier.cursor() });
      setImmediate(watch);
    };
    setImmediate(watch);

    await pullChanges(serverOf(pageOf(changes)), laptop.applier);
    watching = false;

    expect(count(laptop, 'resumes')).toBe(150);
    expect(count(laptop, 'candidates')).toBe(150);
    expect(count(laptop, 'sync_parked')).toBe(0);
    expect(laptop.outboxCount()).toBe(0);
    expect(laptop.applier.cursor()).toEqual(CURSOR);
    // The loop ran while the page was partly in (applied whole, it never could), and never saw the page's cursor before the end.
    expect(seen.some((moment) => moment.candidates > 0 && moment.candidates < 150)).toBe(true);
    expect(seen.filter((moment) => moment.candidates < 150).every((moment) => moment.cursor === null)).toBe(true);
  });

  it('leaves the cursor before a page whose row fails, and the page pulled again ends with every row once', async () => {
    const changes = kioskRows(100);
    const laptop = device();
    const spoiled: PulledChange = { table: 'candidates', row: { ...changes.at(-1)!.row, id: '0190a000-0000-7000-8000-00000000f00d', email: null } };

    await expect(pullChanges(serverOf(pageOf([...changes, spoiled])), laptop.applier)).rejects.toThrow(/NOT NULL/);
    expect(laptop.applier.cursor()).toBeNull();

    // The next run pulls the same page again (the server has dropped the bad row): slices already applied are applied again.
    await pullChanges(serverOf(pageOf(changes)), laptop.applier);
    expect(count(laptop, 'candidates')).toBe(100);
    expect(count(laptop, 'resumes')).toBe(100);
    expect(count(laptop, 'sync_parked')).toBe(0);
    expect(laptop.applier.cursor()).toEqual(CURSOR);
  });
});
