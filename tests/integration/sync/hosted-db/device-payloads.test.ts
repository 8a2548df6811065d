import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { insertSynced, updateSynced } from '../../../../src-main/db/outbox';
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
      insertSynced(tx, integrationWebhooks, { webhookUrl: 'https://ats.example/hook', webhookSecret: 's', eventTypes: ['interview.completed'] }, clock);
    });
    const outbox = store.db.select().from(syncOutbox).orderBy(asc(syncOutbox.id)).all();
    const mutations: Mutation[] = outbox.map((entry) => ({
      seq: entry.id,
      table: entry.tableName,
      op: entry.operation,
      rowId: entry.rowId,
      rowVersion: entry.rowVersion,
      row: entry.payload as Record<string, unknown>,
    }));

    const sync = await db.fresh();
    const laptop = await sync.device('laptop');
    expect(await push(laptop, mutations)).toEqual({ lastAppliedSeq: outbox.at(-1)!.id, applied: outbox.length, skipped: 0, rejected: [] });

    // The latest payload of each row is what the server now holds.
    const latest = new Map(mutations.map((mutation) => [mutation.rowId, mutation.row]));
    const page = await pull(laptop);
    expect(page.changes).toHaveLength(latest.size);
    for (const change of page.changes) {
      const expected = { ...latest.get(change.row['id'] as string)! };
      if (change.table === 'candidates') expected['password_hash'] = '!synced-without-password';
      expect({ table: change.table, row: change.row }).toEqual({ table: change.table, row: expected });
    }
  });
});
