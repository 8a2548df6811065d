import { describe, expect, it } from 'vitest';
import { BackgroundWork } from '../../../src-main/interview/background-work';
import { createLogger } from '../../../src-main/logging/logger';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the interview’s background work', () => {
  it('is idle only once work started by other work has finished too', async () => {
    const work = new BackgroundWork(createLogger({ sink: () => {} }));
    const done: string[] = [];
    work.track(
      delay(5).then(() => {
        done.push('judgement');
        work.track(delay(5).then(() => done.push('audio stored')));
      }),
    );
    await work.idle();
    expect(done).toEqual(['judgement', 'audio stored']);
  });

  it('logs a failure that nobody is waiting for, and is still idle after it', async () => {
    const lines: string[] = [];
    const work = new BackgroundWork(createLogger({ sink: (line) => lines.push(line) }));
    work.track(Promise.reject(new Error('speech failed')));
    await work.idle();
    expect(lines.map((line) => JSON.parse(line) as { level: string; msg: string })).toMatchObject([{ level: 'error', msg: 'interview background work failed' }]);
  });

  it('aborts its signal when closed, once', () => {
    const work = new BackgroundWork(createLogger({ sink: () => {} }));
    const reasons: unknown[] = [];
    work.signal.addEventListener('abort', () => reasons.push(work.signal.reason));
    expect(work.isClosed()).toBe(false);
    work.close();
    work.close();
    expect(work.isClosed()).toBe(true);
    expect(reasons).toHaveLength(1);
    expect((reasons[0] as Error).message).toBe('The app is closing.');
  });
});
