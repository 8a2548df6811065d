import { describe, expect, it } from 'vitest';
import { createLogFilter, REMOVED } from '../../../src-main/diagnostics/log-filter';

const line = (fields: Record<string, unknown>) => JSON.stringify({ time: '2026-11-25T09:00:00.000Z', level: 'info', ...fields });
const filtered = (fields: Record<string, unknown>, filter = createLogFilter()) => JSON.parse(filter.line(line(fields))!) as Record<string, unknown>;

describe('a log line in the diagnostics bundle', () => {
  it('keeps a message the code wrote, and only a hash of one that reads as someone’s words', () => {
    const filter = createLogFilter();
    for (const msg of ['the screen crashed', 'reloading the screen', 'OS keychain unavailable; the browser host keeps secrets in memory only', 'sign-in refused']) {
      expect(filtered({ msg }, filter).msg, msg).toBe(msg);
    }
    const sentence = 'I would shard the orders table by region';
    const hashed = filtered({ msg: sentence }, filter).msg;
    expect(hashed).toMatch(/^\[message [0-9a-f]{12}\]$/);
    // The same message hashes the same within a bundle, so support can see it repeat.
    expect(filtered({ msg: sentence }, filter).msg).toBe(hashed);
    // Another bundle's key: a guess made against one bundle says nothing of another.
    expect(filtered({ msg: sentence }).msg).not.toBe(hashed);
    for (const msg of ['No interview for Grace Okafor', 'open /Users/grace.okafor/resume.pdf', 'sent 3 reminders', 'could not save "the answer"']) {
      expect(filtered({ msg }, filter).msg, msg).toMatch(/^\[message [0-9a-f]{12}\]$/);
    }
  });

  it('drops names, logins and paths from fields, keeping codes, states and ids', () => {
    expect(
      filtered({
        msg: 'nested',
        candidate: 'Grace',
        user: 'grace.okafor',
        file: 'C:/Users/grace.okafor/Documents/Resume',
        title: 'Okafor',
        note: 'Okafor',
        userId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        state: 'locked',
        code: 'ENOENT',
        job: 'retention.expire',
        error: { name: 'TypeError', code: 'SQLITE_BUSY' },
      }),
    ).toEqual({
      time: '2026-11-25T09:00:00.000Z',
      level: 'info',
      msg: 'nested',
      candidate: REMOVED,
      user: REMOVED,
      file: REMOVED,
      title: REMOVED,
      note: REMOVED,
      userId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      state: 'locked',
      code: 'ENOENT',
      job: 'retention.expire',
      error: { name: 'TypeError', code: 'SQLITE_BUSY' },
    });
  });

  it('drops a line that is not the logger’s JSON', () => {
    expect(createLogFilter().line('plain text crash output: I would shard')).toBeNull();
    expect(createLogFilter().line(JSON.stringify({ level: 'info', msg: 'no time' }))).toBeNull();
  });
});
