import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedOperations } from '../../../../src-main/db/named-operations';
import { mergeOperation, mergeRow } from '../../../../src-main/sync/merge-rule';
import { mergeCases, operationCases, type OperationCase } from '../../../fixtures/merge-cases';
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

/** The server's outcome of a case: the stored row, or the refusal's reason (KSR01). */
async function sqlOperation(c: OperationCase): Promise<{ ok: true; row: unknown } | { ok: false; reason: string }> {
  try {
    const { rows } = await owner!.query('SELECT sync.merge_operation($1, $2, $3::jsonb, $4::jsonb, $5) AS merged', [
      c.table,
      c.operation,
      JSON.stringify(c.stored),
      JSON.stringify(c.fields),
      c.rowVersion,
    ]);
    return { ok: true, row: rows[0].merged };
  } catch (error) {
    if ((error as { code?: string }).code !== 'KSR01') throw error;
    return { ok: false, reason: (error as Error).message };
  }
}

function expectedOutcome(c: OperationCase) {
  return c.refused === undefined ? { ok: true, row: c.expected } : { ok: false, reason: c.refused };
}

describe('named operation cases', () => {
  it('each names an outcome, once', () => {
    for (const c of operationCases) expect((c.expected === undefined) !== (c.refused === undefined), c.name).toBe(true);
    expect(new Set(operationCases.map((c) => c.name)).size).toBe(operationCases.length);
  });

  it('the server knows exactly the operations the app sends, with the same columns', async () => {
    const { rows } = await owner!.query('SELECT sync.named_operations() AS operations');
    expect(rows[0].operations).toEqual(namedOperations);
  });

  describe.each(operationCases)('$table $operation: $name', (c) => {
    it('device: mergeOperation', () => {
      expect(mergeOperation(c.table, c.operation, structuredClone(c.stored), structuredClone(c.fields), c.rowVersion)).toEqual(expectedOutcome(c));
    });

    it('server: sync.merge_operation', async () => {
      expect(await sqlOperation(c)).toEqual(expectedOutcome(c));
    });
  });
});

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
