import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyOperation, insertSynced, updateSynced } from '../../../../src-main/db/outbox';
import { OutboxQueue } from '../../../../src-main/sync/outbox-queue';
import { SyncStateStore } from '../../../../src-main/sync/sync-state-store';
import { aiUsage, candidates, integrationWebhooks, integrityEvents, interviews, recruiters, syncOutbox } from '../../../../src-main/db/schema/index';
import { SteppingClock, useTempDirs } from '../../db/support';
import { pull, push, useSyncDatabase, type Mutation } from './support';

const db = useSyncDatabase();
const temp = useTempDirs();

describe('rows as the device outbox writes them', () => {
  it('push and come back from pull unchanged (times, JSON, booleans, numbers)', async () => {
    const store = temp.open(join(temp.make(), 'app.db'));
    const clock = new SteppingClock();
    store.db.transaction((tx) => {
      const candidate = insertSynced(
        tx,
        candidates,
        { email: 'casey@example.com', fullName: 'Casey', passwordHash: '$2b$10$hash', phone: null, lockedUntil: '2026-01-05T09:15:00.000Z' },
        clock,
      );
      insertSynced(tx, recruiters, { email: 'rita@example.com', fullName: 'Rita', passwordHash: '$2b$10$r', isActive: false }, clock);
      const interview = insertSynced(tx, interviews, { candidateId: candidate.id, roleType: 'python', costUsd: 0.0375 }, clock);
      updateSynced(tx, interviews, interview.id, { status: 'in_progress', startedAt: '2026-01-05T09:30:00.000Z', totalTokensUsed: 1234, unpricedCalls: 1 }, clock);
      insertSynced(
        tx,
        aiUsage,
        {
          interviewId: interview.id,
          task: 'interview',
          endpoint: 'chat',
          model: 'gpt-x',
          promptTokens: 1234,
          cachedPromptTokens: 1024,
          completionTokens: 0,
          reasoningTokens: 0,
          latencyMs: 900,
          costUsd: 0,
          priceKnown: false,
          outcome: 'ok',
        },
        clock,
      );
      insertSynced(
        tx,
        integrityEvents,
        { interviewId: interview.id, kind: 'focus_lost', occurredAt: '2026-01-05T09:31:00.000Z', details: { durationMs: 5300, nested: [1, 'two', null] } },
        clock,
      );
      const webhook = insertSynced(tx, integrationWebhooks, { webhookUrl: 'https://ats.example/hook', webhookSecret: 's', eventTypes: ['interview.completed'] }, clock);
      // Named operations: only their columns travel, and come back merged into the whole row.
      applyOperation(tx, 'candidate.sign_in', candidates, candidate.id, { failedLoginCount: 2, lockedUntil: null, lastLoginAt: '2026-01-05T09:40:00.000Z' }, clock);
      applyOperation(tx, 'webhook.update_subscription', integrationWebhooks, webhook.id, { isActive: false, eventTypes: ['interview.completed', 'feedback.sent'] }, clock);
    });
    const outbox = store.db.select().from(syncOutbox).orderBy(asc(syncOutbox.id)).all();
    // As the device sends them (outbox-queue.ts), from seq 1.
    const mutations: Mutation[] = new OutboxQueue(store.sqlite, new SyncStateStore(store.sqlite, clock), clock).pending(0, 1000);
    expect(mutations.filter((mutation) => mutation.op === 'operation').map((mutation) => mutation.operation)).toEqual(['candidate.sign_in', 'webhook.update_subscription']);

    const sync = await db.fresh();
    const laptop = await sync.device('laptop');
    expect(await push(laptop, mutations)).toEqual({ lastAppliedSeq: outbox.at(-1)!.id, applied: outbox.length, skipped: 0, rejected: [] });

    // The latest payload of each row, with its named operations' columns on top, is what the server now holds.
    const latest = new Map<string, Record<string, unknown>>();
    for (const mutation of mutations) latest.set(mutation.rowId, { ...(mutation.op === 'operation' ? latest.get(mutation.rowId) : {}), ...mutation.row, row_version: mutation.rowVersion });
    const page = await pull(laptop);
    expect(page.changes).toHaveLength(latest.size);
    for (const change of page.changes) {
      const expected = { ...latest.get(change.row['id'] as string)! };
      if (change.table === 'candidates') expected['password_hash'] = '!synced-without-password';
      expect({ table: change.table, row: change.row }).toEqual({ table: change.table, row: expected });
    }
  });
});
