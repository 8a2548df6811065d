import { describe, expect, it } from 'vitest';
import { useLocalDevice } from './local-support';

const device = useLocalDevice();
const candidate = (n: number) => ({ email: `c${n}@example.com`, fullName: `Candidate ${n}`, passwordHash: 'hash' });

describe('outbox queue', () => {
  it('numbers a device with old local data from seq 1 and marks what the server applied', () => {
    const d = device();
    // Written before the device was ever enrolled; the autoincrement ids are not 1-based for the server.
    d.store.sqlite.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('sync_outbox', 40)").run();
    for (let n = 1; n <= 3; n++) d.candidates.create(candidate(n));

    const { base, isNewDevice } = d.queue.ensureBase({ deviceId: '0190a000-0000-7000-8000-00000000000a', lastAppliedSeq: 0 });
    expect(isNewDevice).toBe(true);
    expect(base).toBe(40);
    const pending = d.queue.pending(base, 200);
    expect(pending.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(pending[0]).toMatchObject({ table: 'candidates', op: 'upsert', rowVersion: 1 });
    expect(pending[0]!.row).toMatchObject({ email: 'c1@example.com', full_name: 'Candidate 1' });

    // The server applied 1 and 2 (2 rejected); 3 is sent again next time.
    d.queue.acknowledge(base, { lastAppliedSeq: 2, applied: 1, skipped: 0, rejected: [{ seq: 2, reason: 'constraint' }] }, pending);
    expect(d.queue.pendingCount()).toBe(1);
    expect(d.queue.pending(base, 200).map((m) => m.seq)).toEqual([3]);
    expect(d.queue.rejected()).toMatchObject([{ seq: 2, reason: 'constraint', table: 'candidates', rowId: pending[1]!.rowId }]);

    // The base is fixed for that server device: later writes continue the sequence.
    d.candidates.create(candidate(4));
    expect(d.queue.ensureBase({ deviceId: '0190a000-0000-7000-8000-00000000000a', lastAppliedSeq: 2 })).toEqual({ base: 40, isNewDevice: false });
    expect(d.queue.pending(base, 200).map((m) => m.seq)).toEqual([3, 4]);
  });

  it('an empty device starts at seq 1 with its next write', () => {
    const d = device();
    const { base } = d.queue.ensureBase({ deviceId: '0190a000-0000-7000-8000-00000000000b', lastAppliedSeq: 0 });
    d.candidates.create(candidate(1));
    expect(d.queue.pending(base, 10).map((m) => m.seq)).toEqual([1]);
  });

  it('a device enrolled again continues after what the server already holds for the new identity', () => {
    const d = device();
    d.candidates.create(candidate(1));
    const first = d.queue.ensureBase({ deviceId: '0190a000-0000-7000-8000-00000000000c', lastAppliedSeq: 0 });
    d.queue.acknowledge(first.base, { lastAppliedSeq: 1, applied: 1, skipped: 0, rejected: [] }, []);
    d.candidates.create(candidate(2));
    const again = d.queue.ensureBase({ deviceId: '0190a000-0000-7000-8000-00000000000d', lastAppliedSeq: 0 });
    expect(again.isNewDevice).toBe(true);
    expect(d.queue.pending(again.base, 10).map((m) => m.seq)).toEqual([1]);
  });

  it('batches in order and never more than asked', () => {
    const d = device();
    for (let n = 1; n <= 5; n++) d.candidates.create(candidate(n));
    const { base } = d.queue.ensureBase({ deviceId: '0190a000-0000-7000-8000-00000000000e', lastAppliedSeq: 0 });
    expect(d.queue.pending(base, 2).map((m) => m.seq)).toEqual([1, 2]);
  });
});
