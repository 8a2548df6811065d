import { describe, expect, it } from 'vitest';
import type { ReviewSection } from '../../../shared/domain/review-views';
import type { Result } from '../../../shared/ipc/result';
import { SectionViewReporter } from '../../../src-renderer/src/screens/staff/review/section-views';

/** main's answer to review.viewed, as a queue the test settles by hand. */
function mainThatAnswers() {
  const calls: ReviewSection[] = [];
  const pending: Array<(result: Result<{ seen: ReviewSection[] }> | Error) => void> = [];
  const seen = new Set<ReviewSection>();
  const report = (section: ReviewSection) => {
    calls.push(section);
    return new Promise<Result<{ seen: ReviewSection[] }>>((resolve, reject) =>
      pending.push((outcome) => {
        if (outcome instanceof Error) return reject(outcome);
        if (outcome.ok) seen.add(section);
        resolve(outcome.ok ? { ok: true, data: { seen: [...seen] } } : outcome);
      }),
    );
  };
  const settle = async (outcome: Result<{ seen: ReviewSection[] }> | Error = { ok: true, data: { seen: [] } }) => {
    pending.shift()!(outcome);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { calls, report, settle };
}

describe('SectionViewReporter (the review tells main which sections a recruiter saw)', () => {
  it('reports each section once, however often it scrolls into view, and passes on what main has recorded', async () => {
    const main = mainThatAnswers();
    const told: (readonly ReviewSection[])[] = [];
    const reporter = new SectionViewReporter(main.report, (seen) => told.push(seen));
    reporter.inView('scores');
    reporter.inView('scores');
    await main.settle();
    reporter.inView('scores');
    reporter.inView('transcript');
    await main.settle();
    expect(main.calls).toEqual(['scores', 'transcript']);
    expect(told).toEqual([['scores'], ['scores', 'transcript']]);
  });

  it('sends a section again after main refused it or did not answer, the next time it comes into view', async () => {
    const main = mainThatAnswers();
    const told: (readonly ReviewSection[])[] = [];
    const reporter = new SectionViewReporter(main.report, (seen) => told.push(seen));
    reporter.inView('transcript');
    await main.settle({ ok: false, error: { code: 'unavailable', message: 'busy' } });
    reporter.inView('transcript');
    await main.settle(new Error('the app did not answer'));
    reporter.inView('transcript');
    await main.settle();
    expect(main.calls).toEqual(['transcript', 'transcript', 'transcript']);
    expect(told).toEqual([['transcript']]);
  });
});
