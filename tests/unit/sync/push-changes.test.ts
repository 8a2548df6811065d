import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import type { Mutation, PushReply } from '../../../src-main/sync/protocol';
import { PUSH_BATCH } from '../../../src-main/sync/protocol';
import { pushChanges } from '../../../src-main/sync/push-changes';
import { SyncError } from '../../../src-main/sync/sync-errors';
import type { SyncSession } from '../../../src-main/sync/sync-transport';

const logger = createLogger({ sink: () => {} });
const mutation = (seq: number): Mutation => ({ seq, table: 'candidates', op: 'upsert', rowId: `row-${seq}`, rowVersion: 1, row: { id: `row-${seq}` } });

/** An outbox of `count` pending changes and a server that applies up to what `reply` says; one log of what happened in order. */
function world(count: number, reply: (batch: Mutation[]) => PushReply = (batch) => ({ lastAppliedSeq: batch.at(-1)!.seq, applied: batch.length, skipped: 0, rejected: [] })) {
  const log: string[] = [];
  let acknowledged = 0;
  const queue = {
    pending: (_base: number, limit: number) =>
      Array.from({ length: Math.min(limit, count - acknowledged) }, (_, index) => mutation(acknowledged + index + 1)),
    acknowledge: (_base: number, answer: PushReply) => {
      const marked = Math.max(0, answer.lastAppliedSeq - acknowledged);
      acknowledged += marked;
      return marked;
    },
  };
  const files = {
    uploadFor: async (_session: SyncSession, batch: Mutation[]) => {
      log.push(`files for ${batch[0]!.seq}-${batch.at(-1)!.seq}`);
      return 0;
    },
  };
  const session = {
    push: async (batch: Mutation[]) => {
      log.push(`push ${batch[0]!.seq}-${batch.at(-1)!.seq}`);
      return reply(batch);
    },
  } as unknown as SyncSession;
  return { queue, files, session, log, acknowledged: () => acknowledged };
}

describe('pushChanges', () => {
  it('sends every pending change in batches, each batch after its files, and reports each batch', async () => {
    const w = world(PUSH_BATCH + 5);
    let reported = 0;
    await pushChanges(w.session, 0, { queue: w.queue, files: w.files, logger }, () => reported++);
    expect(w.log).toEqual([`files for 1-${PUSH_BATCH}`, `push 1-${PUSH_BATCH}`, `files for ${PUSH_BATCH + 1}-${PUSH_BATCH + 5}`, `push ${PUSH_BATCH + 1}-${PUSH_BATCH + 5}`]);
    expect(w.acknowledged()).toBe(PUSH_BATCH + 5);
    expect(reported).toBe(2);
  });

  it('sends nothing when nothing is pending', async () => {
    const w = world(0);
    await pushChanges(w.session, 0, { queue: w.queue, files: w.files, logger }, () => {});
    expect(w.log).toEqual([]);
  });

  it('stops with a server error, rather than sending the same batch forever, when the server applied none of it', async () => {
    const w = world(3, () => ({ lastAppliedSeq: 0, applied: 0, skipped: 0, rejected: [] }));
    const failure = await pushChanges(w.session, 0, { queue: w.queue, files: w.files, logger }, () => {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SyncError);
    expect(failure).toMatchObject({ kind: 'server', message: 'The hosted database expects change 1 from this device, which it no longer has.' });
    expect(w.log).toEqual(['files for 1-3', 'push 1-3']);
  });
});
