import { describe, expect, it } from 'vitest';
import { id, pull, push, rows, sqlState, T0, upsert, useSyncDatabase, V } from './support';

const db = useSyncDatabase();

describe('sync.pull', () => {
  it('gives a laptop every row once, shaped as SQLite stores it, with candidates password hashes masked', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const candidate = rows.candidate();
    const recruiter = rows.recruiter(id(), { locked_until: '2026-11-26T03:07:25.000Z' });
    const resume = rows.resume(candidate.id, id(), { parsed_data: { skills: ['react', 'sql'], years: 4 } });
    const interview = rows.interview(candidate.id, id(), { cost_usd: 0.0123 });
    await push(kiosk, [
      upsert(1, 'candidates', candidate),
      upsert(2, 'resumes', resume),
      upsert(3, 'interviews', interview),
      upsert(4, 'candidates', { ...candidate, full_name: 'Casey C.', row_version: 2 }),
    ]);
    await push(laptop, [upsert(1, 'recruiters', recruiter)]);

    const page = await pull(laptop);
    expect(page.hasMore).toBe(false);
    // Each row at its latest change: the renamed candidate after the resume and interview that name it.
    expect(page.changes.map((change) => change.table)).toEqual(['resumes', 'interviews', 'candidates', 'recruiters']);
    expect(page.changes[2]!.row).toEqual({ ...candidate, full_name: 'Casey C.', row_version: 2, password_hash: '!synced-without-password' });
    expect(page.changes[0]!.row).toEqual(resume);
    expect(page.changes[1]!.row).toEqual(interview);
    expect(page.changes[3]!.row).toEqual(recruiter); // booleans, nulls and times exactly as sent
    expect(page.serverTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(page.cursor).toEqual({ txid: expect.stringMatching(/^\d+$/), id: expect.any(Number) });

    // Nothing new: the cursor comes back unchanged.
    const again = await pull(laptop, page.cursor);
    expect(again).toMatchObject({ changes: [], cursor: page.cursor, hasMore: false });
  });

  it('gives a kiosk all recruiters and only the rows it created', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const otherKiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const mine = rows.candidate();
    const theirs = rows.candidate();
    const recruiter = rows.recruiter();
    await push(kiosk, [upsert(1, 'candidates', mine)]);
    await push(otherKiosk, [upsert(1, 'candidates', theirs)]);
    await push(laptop, [upsert(1, 'recruiters', recruiter), upsert(2, 'candidates', rows.candidate())]);
    const page = await pull(kiosk);
    expect(page.changes).toEqual([
      { table: 'candidates', row: mine }, // its own candidates keep their hash: they sign in at this kiosk
      { table: 'recruiters', row: recruiter },
    ]);
  });

  it('pages with hasMore and a cursor', async () => {
    const sync = await db.fresh();
    const laptop = await sync.device('laptop');
    const candidates = Array.from({ length: 5 }, () => rows.candidate());
    await push(laptop, candidates.map((candidate, index) => upsert(index + 1, 'candidates', candidate)));
    const seen: string[] = [];
    let cursor = null;
    const pages: boolean[] = [];
    for (let i = 0; i < 5; i += 1) {
      const page = await pull(laptop, cursor, 2);
      seen.push(...page.changes.map((change) => change.row['id'] as string));
      pages.push(page.hasMore);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pages).toEqual([true, true, false]);
    expect(seen).toEqual(candidates.map((candidate) => candidate.id));
    expect((await sqlState(laptop.call('pull', null, 0)))?.code).toBe('KS004');
    expect((await sqlState(laptop.call('pull', null, 5001)))?.code).toBe('KS004');
    expect((await sqlState(laptop.call('pull', JSON.stringify({ txid: 'x', id: 1 }), 10)))?.code).toBe('KS004');
  });

  it('never skips a row whose transaction commits after a later one (the slow transaction)', async () => {
    const sync = await db.fresh();
    const slow = await sync.device('kiosk');
    const fast = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const first = rows.candidate();
    await push(laptop, [upsert(1, 'candidates', first)]);
    const start = await pull(laptop);
    expect(start.changes).toHaveLength(1);

    // A: a push that writes its row and then stays open.
    const a = rows.candidate();
    await slow.client.query('BEGIN');
    await slow.client.query('SELECT sync.push($1, $2)', [V, JSON.stringify([upsert(1, 'candidates', a)])]);
    // B: a later push that commits first.
    const b = rows.candidate();
    await push(fast, [upsert(1, 'candidates', b)]);

    // The naive reading (changes after the last id seen, as with updated_at or
    // a sequence) sees B now, moves past A's entry, and never sees A.
    const naiveCursor = Number(start.cursor!.id);
    const naive1 = await sync.admin.query('SELECT id, row_id FROM sync.changes WHERE id > $1 ORDER BY id', [naiveCursor]);
    expect(naive1.rows.map((row) => row.row_id)).toEqual([b.id]);
    const naiveNext = Number(naive1.rows.at(-1).id);

    // pull returns nothing past A's transaction while A runs: B waits too.
    const during = await pull(laptop, start.cursor, 1000, { settle: false });
    expect(during.changes).toEqual([]);
    expect(during.cursor).toEqual(start.cursor);

    await slow.client.query('COMMIT');
    const naive2 = await sync.admin.query('SELECT row_id FROM sync.changes WHERE id > $1 ORDER BY id', [naiveNext]);
    expect(naive2.rows).toEqual([]); // A is lost to the naive reader

    const after = await pull(laptop, during.cursor);
    expect(after.changes.map((change) => change.row['id'])).toEqual([a.id, b.id]);
  });

  it('keeps one change-log entry per row: a row changed again comes once more, at its newest, to a device that already had it', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const candidate = rows.candidate();
    const other = rows.candidate();
    await push(kiosk, [upsert(1, 'candidates', candidate), upsert(2, 'candidates', other)]);
    const first = await pull(laptop);
    expect(first.changes.map((change) => change.row['id'])).toEqual([candidate.id, other.id]);

    await push(kiosk, [upsert(3, 'candidates', { ...candidate, full_name: 'Second', row_version: 2 })]);
    await push(kiosk, [upsert(4, 'candidates', { ...candidate, full_name: 'Third', row_version: 3 })]);
    const { rows: entries } = await sync.admin.query('SELECT row_id FROM sync.changes ORDER BY txid, id');
    expect(entries.map((entry) => entry.row_id)).toEqual([other.id, candidate.id]);

    const next = await pull(laptop, first.cursor);
    expect(next.changes).toEqual([{ table: 'candidates', row: expect.objectContaining({ id: candidate.id, full_name: 'Third', row_version: 3 }) }]);
    const fromStart = await pull(laptop);
    expect(fromStart.changes.map((change) => [change.row['id'], change.row['full_name']])).toEqual([
      [other.id, other.full_name],
      [candidate.id, 'Third'],
    ]);
  });

  it('returns tombstones as rows with deleted_at set', async () => {
    const sync = await db.fresh();
    const laptop = await sync.device('laptop');
    const candidate = rows.candidate();
    await push(laptop, [
      upsert(1, 'candidates', candidate),
      { ...upsert(2, 'candidates', { ...candidate, deleted_at: T0, row_version: 2 }), op: 'delete' },
    ]);
    const page = await pull(laptop);
    expect(page.changes).toHaveLength(1);
    expect(page.changes[0]!.row).toMatchObject({ id: candidate.id, deleted_at: T0, row_version: 2 });
  });
});
