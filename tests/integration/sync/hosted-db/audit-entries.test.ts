import { describe, expect, it } from 'vitest';
import { canonicalPayload, entryHashOf, GENESIS_HASH, verifyChains, type ChainEntry } from '../../../../src-main/audit/chain';
import { id, pull, push, T0, upsert, useSyncDatabase } from './support';

const db = useSyncDatabase();

/** Sealed entries of one kiosk's chain, as the device's AuditRepository writes them (column names as synced). */
function kioskChain(deviceId: string, payloads: Array<{ kind: string; payload: Record<string, unknown> }> = [aiCall(), aiCall()]) {
  const rows: Record<string, unknown>[] = [];
  let prevHash = GENESIS_HASH;
  payloads.forEach(({ kind, payload }, index) => {
    const link = { deviceId, sequence: index + 1, kind, interviewId: null, payload: canonicalPayload(payload), prevHash };
    const entryHash = entryHashOf(link);
    rows.push({
      id: id(), created_at: T0, updated_at: T0, row_version: 1, deleted_at: null,
      device_id: deviceId, sequence: link.sequence, kind, interview_id: null, payload: link.payload, prev_hash: prevHash, entry_hash: entryHash,
    });
    prevHash = entryHash;
  });
  return rows;
}

function aiCall() {
  return { kind: 'ai_call', payload: { task: 'scoring', model: 'gpt-x', inputSha256: 'a'.repeat(64) } };
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

  it("follows a device's retention: its anchor removes the hosted copies of the entries it pruned, and the rest still verifies", async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const first = kioskChain('install-front-desk', [aiCall(), aiCall(), aiCall()]);
    await push(kiosk, first.map((row, index) => upsert(index + 1, 'audit_entries', row)));
    const anchorPayload = { throughSequence: 2, throughHash: first[1]!['entry_hash'], removed: 2, cutoff: T0 };
    const withAnchor = kioskChain('install-front-desk', [aiCall(), aiCall(), aiCall(), { kind: 'retention_prune', payload: anchorPayload }]);
    expect(withAnchor.slice(0, 3).map((row) => row['entry_hash'])).toEqual(first.map((row) => row['entry_hash']));
    expect(await push(kiosk, [upsert(4, 'audit_entries', withAnchor[3]!)])).toMatchObject({ applied: 1, rejected: [] });

    const { rows } = await sync.admin.query<{ sequence: number }>('SELECT sequence FROM audit_entries ORDER BY sequence');
    expect(rows.map((row) => row.sequence)).toEqual([3, 4]);
    const received = (await pull(laptop)).changes.filter((change) => change.table === 'audit_entries').map((change) => asEntry(change.row));
    expect(verifyChains(received)).toEqual([{ deviceId: 'install-front-desk', intact: true, entries: 2, first: 3, last: 4 }]);
  });
});
