import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeRow } from '../../../../src-main/sync/merge-rule';
import { mergeCases } from '../../../fixtures/merge-cases';
import { useSyncDatabase } from './support';

/*
 * The merge rule has two implementations that must agree: the server's
 * sync.merge_row decides what a push stores, the device's mergeRow shows
 * what the server will store. Both run every case of the one table.
 */

const db = useSyncDatabase();
let owner: pg.Client | undefined;

beforeAll(async () => {
  // merge_row is the owner's alone (devices reach it only through sync.push).
  const { url } = await db.fresh();
  owner = new pg.Client({ connectionString: url });
  await owner.connect();
});
afterAll(async () => {
  await owner?.end();
});

async function sqlMerge(table: string, stored: unknown, incoming: unknown): Promise<unknown> {
  const { rows } = await owner!.query('SELECT sync.merge_row($1, $2::jsonb, $3::jsonb) AS merged', [table, JSON.stringify(stored), JSON.stringify(incoming)]);
  return rows[0].merged;
}

describe('merge cases', () => {
  it('are whole rows: stored, incoming and expected have the same columns, and names are unique', () => {
    for (const c of mergeCases) {
      const columns = Object.keys(c.stored).sort();
      expect(Object.keys(c.incoming).sort(), c.name).toEqual(columns);
      expect(Object.keys(c.expected).sort(), c.name).toEqual(columns);
    }
    expect(new Set(mergeCases.map((c) => c.name)).size).toBe(mergeCases.length);
  });

  describe.each(mergeCases)('$table: $name', (c) => {
    it('device: mergeRow', () => {
      expect(mergeRow(c.table, structuredClone(c.stored), structuredClone(c.incoming))).toEqual(c.expected);
    });

    it('server: sync.merge_row', async () => {
      expect(await sqlMerge(c.table, c.stored, c.incoming)).toEqual(c.expected);
    });
  });
});
