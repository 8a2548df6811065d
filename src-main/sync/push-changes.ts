import type { Logger } from '../logging/logger-types';
import type { FileSync } from './file-sync';
import type { OutboxQueue } from './outbox-queue';
import { PUSH_BATCH } from './protocol';
import { SyncError } from './sync-errors';
import type { SyncSession } from './sync-transport';

export interface PushParts {
  queue: Pick<OutboxQueue, 'pending' | 'acknowledge'>;
  files: Pick<FileSync, 'uploadFor'>;
  logger: Logger;
}

/**
 * Sends this device's pending changes, oldest first, a batch at a time:
 * the files a batch names go up before the batch itself, so no row on the
 * server points at nothing. Calls `onBatch` after each
 * acknowledged batch (the status line's pending count moved).
 */
export async function pushChanges(session: SyncSession, base: number, parts: PushParts, onBatch: () => void): Promise<void> {
  for (;;) {
    const batch = parts.queue.pending(base, PUSH_BATCH);
    if (batch.length === 0) return;
    await parts.files.uploadFor(session, batch);
    const reply = await session.push(batch);
    const marked = parts.queue.acknowledge(base, reply, batch);
    if (reply.rejected.length > 0) parts.logger.warn('the hosted database rejected changes from this device', { count: reply.rejected.length });
    // The server applied nothing we sent (a gap it will not fill): stop rather than loop.
    if (marked === 0) throw new SyncError('server', `The hosted database expects change ${reply.lastAppliedSeq + 1} from this device, which it no longer has.`);
    onBatch();
  }
}
