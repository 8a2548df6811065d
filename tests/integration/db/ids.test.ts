import { join } from 'node:path';
import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../../src-main/db/ids';
import { CandidateRepository } from '../../../src-main/repositories/candidate-repository';
import { useTempDirs } from './support';

const temp = useTempDirs();

describe('ids and timestamps', () => {
  it('newId() is a UUID v7', () => {
    const id = newId();
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
  });

  it('ids sort in creation order, within one millisecond too', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ids made later sort later, and the database returns rows in creation order by id', async () => {
    const store = temp.open(join(temp.make(), 'kiosk.sqlite'));
    const repo = new CandidateRepository(store);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(repo.create({ email: `p${i}@example.com`, fullName: `Person ${i}`, passwordHash: 'h' }).id);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const byId = store.sqlite.prepare('SELECT id FROM candidates ORDER BY id').all() as { id: string }[];
    expect(byId.map((r) => r.id)).toEqual(created);
  });

  it('nowIso() is ISO-8601 UTC with milliseconds, from the given clock', () => {
    expect(nowIso({ now: () => new Date(Date.UTC(2026, 0, 5, 9, 3, 7, 45)) })).toBe('2026-01-05T09:03:07.045Z');
    expect(nowIso()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('the database default for timestamps has the same format', () => {
    const store = temp.open(join(temp.make(), 'kiosk.sqlite'));
    store.sqlite.prepare(`INSERT INTO sync_state (key, value) VALUES ('k', 'v')`).run();
    const { updated_at } = store.sqlite.prepare(`SELECT updated_at FROM sync_state`).get() as { updated_at: string };
    expect(updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
