import { describe, expect, it } from 'vitest';
import { canonicalPayload, entryHashOf, GENESIS_HASH, verifyChains, type ChainEntry } from '../../../../src-main/audit/chain';
import { id, pull, push, T0, upsert, useSyncDatabase } from './support';

const db = useSyncDatabase();

/** Two sealed entries of one kiosk's chain, as the device's AuditRepository writes them (column names as synced). */
function kioskChain(deviceId: string) {
  const rows: Record<string, unknown>[] = [];
  let prevHash = GENESIS_HASH;
  for (const sequence of [1, 2]) {
    const link = { deviceId, sequence, kind: 'ai_call', interviewId: null, payload: canonicalPayload({ task: 'scoring', model: 'gpt-x', inputSha256: 'a'.repeat(64) }), prevHash };
    const entryHash = entryHashOf(link);
    rows.push({
      id: id(), created_at: T0, updated_at: T0, row_version: 1, deleted_at: null,
      device_id: deviceId, sequence, kind: link.kind, interview_id: null, payload: link.payload, prev_hash: prevHash, entry_hash: entryHash,
    });
    prevHash = entryHash;
  }
  return rows;
}

const asEntry = (row: Record<string, unknown>): ChainEntry => ({
  deviceId: row['device_id'] as string,
  sequence: row['sequence'] as number,
  kind: row['kind'] as string,
  interviewId: row['interview_id'] as string | null,
  payload: row['payload'] as string,
  prevHash: row['prev_hash'] as string,
  entryHash: row['entry_hash'] as string,
});

describe('audit_entries on the hosted database', () => {
  it('takes a kiosk’s chain and gives it to laptops byte for byte, so it verifies there too', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const otherKiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const entries = kioskChain('install-front-desk');
    expect(await push(kiosk, entries.map((row, index) => upsert(index + 1, 'audit_entries', row)))).toMatchObject({ applied: 2, rejected: [] });

    const received = (await pull(laptop)).changes.filter((change) => change.table === 'audit_entries').map((change) => change.row);
    expect(received.map((row) => row['payload'])).toEqual(entries.map((row) => row['payload']));
    expect(verifyChains(received.map(asEntry))).toEqual([{ deviceId: 'install-front-desk', intact: true, entries: 2, first: 1, last: 2 }]);
    expect((await pull(otherKiosk)).changes.filter((change) => change.table === 'audit_entries')).toEqual([]);
  });

  it('is append-only: the same entry again is fine, a changed one is refused naming the rule', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const [first, second] = kioskChain('install-front-desk');
    await push(kiosk, [upsert(1, 'audit_entries', first!), upsert(2, 'audit_entries', second!)]);
    const result = await push(kiosk, [
      upsert(3, 'audit_entries', { ...first!, row_version: 2 }),
      upsert(4, 'audit_entries', { ...second!, row_version: 2, payload: canonicalPayload({ task: 'scoring', model: 'forged' }) }),
      upsert(5, 'audit_entries', { ...second!, row_version: 3, deleted_at: T0 }),
      upsert(6, 'audit_entries', { ...first!, id: id(), sequence: 0 }),
    ]);
    expect(result.applied).toBe(1);
    expect(result.rejected.map((rejection) => rejection.seq)).toEqual([4, 5, 6]);
    expect(result.rejected[0]!.reason).toMatch(/audit_entries_append_only/);
    expect(result.rejected[1]!.reason).toMatch(/audit_entries_append_only/);
    expect(result.rejected[2]!.reason).toMatch(/audit_entries_sequence_check/);
    const { rows } = await sync.admin.query<{ payload: string }>('SELECT payload FROM audit_entries ORDER BY sequence');
    expect(rows.map((row) => row.payload)).toEqual([first!['payload'], second!['payload']]);
  });
});
