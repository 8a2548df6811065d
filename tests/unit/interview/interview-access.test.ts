import { describe, expect, it } from 'vitest';
import { ABANDON_AFTER_MINUTES } from '../../../shared/domain/interview';
import { EXTRA_TIME_FACTOR, type Accommodation } from '../../../shared/domain/proctoring';
import { AppFailure } from '../../../src-main/common/app-failure';
import { InterviewAccess, interviewOver, STREAM_RECHECK_MS } from '../../../src-main/interview/interview-access';
import { InterviewActivity } from '../../../src-main/interview/interview-activity';
import { loadRuntime, type InterviewRuntime } from '../../../src-main/interview/interview-runtime';
import { createLogger } from '../../../src-main/logging/logger';
import type { InterviewRecord, SessionRecord } from '../../../src-main/repositories/interview-repository';
import { FakeClock } from '../../support/test-app';
import { interviewRow, resources, sessionRow, STARTED_AT } from './interview-rows';

const MINUTE = 60_000;

/** Access over one stored interview, recording what it finished, forgot and loaded. */
function accessTo(stored: InterviewRecord, options: { lastActivityAt?: string; heldByProctor?: boolean; accommodations?: Accommodation[] } = {}) {
  const clock = new FakeClock(new Date(STARTED_AT));
  const session = sessionRow({ lastActivityAt: options.lastActivityAt ?? STARTED_AT });
  const finished: Array<{ id: string; change: unknown }> = [];
  const forgotten: string[] = [];
  const loadedFor: string[] = [];
  const reads = { owned: 0 };
  /** What a RuntimeRegistry holds: one runtime per loaded interview, gone when the interview is let go. */
  const runtimes = new Map<string, InterviewRuntime>();
  let row = stored;
  const access = new InterviewAccess({
    interviews: {
      findOwned: (id, candidateId) => {
        reads.owned++;
        return id === row.id && candidateId === row.candidateId ? row : null;
      },
      findById: (id) => (id === row.id ? row : null),
      findSession: (interviewId) => (interviewId === row.id ? session : null),
      finish: (id, change) => {
        finished.push({ id, change });
        row = { ...row, ...change };
        return row;
      },
    },
    runtimes: {
      runtimeFor: (interview, windowId) => {
        loadedFor.push(windowId);
        const runtime = runtimes.get(interview.id) ?? loadRuntime(resources, { interview, session, messages: [], resumeSummary: null });
        runtimes.set(interview.id, runtime);
        runtime.windowId = windowId;
        return runtime;
      },
      loaded: (interviewId) => runtimes.get(interviewId),
    },
    forget: (interviewId) => {
      forgotten.push(interviewId);
      runtimes.delete(interviewId);
    },
    heldByProctor: () => options.heldByProctor ?? false,
    admitCarryOn: () => {},
    accommodations: () => options.accommodations ?? [],
    clock,
    logger: createLogger({ sink: () => {} }),
  });
  /** The interview ends elsewhere (submitted): its row changes and its runtime is let go, as InterviewLifecycle does. */
  const endElsewhere = (status: InterviewRecord['status']) => {
    row = { ...row, status };
    runtimes.delete(row.id);
  };
  return { access, clock, finished, forgotten, loadedFor, reads, endElsewhere };
}

function failureOf(work: () => unknown): AppFailure {
  try {
    work();
  } catch (error) {
    if (error instanceof AppFailure) return error;
    throw error;
  }
  throw new Error('expected an AppFailure');
}

describe('which interview a call may act on', () => {
  it('is the candidate’s own: another candidate is told it does not exist', () => {
    const { access } = accessTo(interviewRow());
    expect(access.owned('candidate-1', 'interview-1').id).toBe('interview-1');
    expect(failureOf(() => access.owned('candidate-2', 'interview-1'))).toMatchObject({ code: 'not_found', message: 'That interview was not found.' });
  });

  it('is refused once submitted or abandoned, with why', () => {
    expect(failureOf(() => accessTo(interviewRow({ status: 'completed' })).access.ongoing('candidate-1', 'interview-1'))).toMatchObject({
      code: 'conflict',
      message: interviewOver.submitted,
    });
    expect(failureOf(() => accessTo(interviewRow({ status: 'abandoned' })).access.ongoing('candidate-1', 'interview-1'))).toMatchObject({
      code: 'conflict',
      message: interviewOver.abandoned,
    });
  });

  it('comes with its runtime, following the window that asked', () => {
    const { access, loadedFor } = accessTo(interviewRow());
    const { interview, runtime } = access.live('candidate-1', 'interview-1', 'window-7');
    expect(interview.id).toBe('interview-1');
    expect(runtime.interviewId).toBe('interview-1');
    expect(loadedFor).toEqual(['window-7']);
  });
});

describe('the live-audio stream', () => {
  it(`is checked once per ${STREAM_RECHECK_MS} ms for the same caller, not on every message`, () => {
    const { access, clock, reads } = accessTo(interviewRow());
    const first = access.streaming('candidate-1', 'interview-1', 'window-7');
    clock.advance(STREAM_RECHECK_MS - 1);
    expect(access.streaming('candidate-1', 'interview-1', 'window-7')).toBe(first);
    expect(reads.owned).toBe(1);
    clock.advance(1);
    expect(access.streaming('candidate-1', 'interview-1', 'window-7')).toBe(first);
    expect(reads.owned).toBe(2);
  });

  it('is checked again for another window or candidate, and when the clock steps back', () => {
    const { access, clock, reads } = accessTo(interviewRow());
    access.streaming('candidate-1', 'interview-1', 'window-7');
    access.streaming('candidate-1', 'interview-1', 'window-8');
    expect(reads.owned).toBe(2);
    expect(failureOf(() => access.streaming('candidate-2', 'interview-1', 'window-8'))).toMatchObject({ code: 'not_found' });
    access.streaming('candidate-1', 'interview-1', 'window-8');
    expect(reads.owned).toBe(3); // the refusal did not replace window 8's admission
    clock.advance(-MINUTE);
    access.streaming('candidate-1', 'interview-1', 'window-8');
    expect(reads.owned).toBe(4);
  });

  it('is refused at once, within the second, when the interview ends elsewhere', () => {
    const { access, endElsewhere } = accessTo(interviewRow());
    access.streaming('candidate-1', 'interview-1', 'window-7');
    endElsewhere('completed');
    expect(failureOf(() => access.streaming('candidate-1', 'interview-1', 'window-7'))).toMatchObject({ code: 'conflict', message: interviewOver.submitted });
  });
});

describe(`an interview idle for ${ABANDON_AFTER_MINUTES} minutes`, () => {
  it('is left alone a moment before', () => {
    const { access, clock, finished, forgotten } = accessTo(interviewRow());
    clock.advance(ABANDON_AFTER_MINUTES * MINUTE - 1);
    expect(access.abandonIfIdle(interviewRow()).status).toBe('in_progress');
    expect(finished).toEqual([]);
    expect(forgotten).toEqual([]);
  });

  it('is abandoned when next touched, ending at its last activity, and what memory holds for it goes', () => {
    const lastActivityAt = new Date(Date.parse(STARTED_AT) + 5 * MINUTE).toISOString();
    const { access, clock, finished, forgotten } = accessTo(interviewRow(), { lastActivityAt });
    clock.advance(5 * MINUTE + ABANDON_AFTER_MINUTES * MINUTE);

    expect(access.abandonIfIdle(interviewRow())).toMatchObject({ status: 'abandoned', completedAt: lastActivityAt, durationSeconds: 300 });
    expect(finished).toEqual([{ id: 'interview-1', change: { status: 'abandoned', completedAt: lastActivityAt, durationSeconds: 300 } }]);
    expect(forgotten).toEqual(['interview-1']);
    expect(failureOf(() => access.ongoing('candidate-1', 'interview-1'))).toMatchObject({ message: interviewOver.abandoned });
  });

  it('is not abandoned while its proctor holds it (the sitting is paused or locked), however long that lasts', () => {
    const { access, clock, finished } = accessTo(interviewRow(), { heldByProctor: true });
    clock.advance(ABANDON_AFTER_MINUTES * MINUTE * 3);
    expect(access.abandonIfIdle(interviewRow()).status).toBe('in_progress');
    expect(finished).toEqual([]);
  });

  it('waits half as long again for a candidate granted extra time', () => {
    const { access, clock, finished } = accessTo(interviewRow(), { accommodations: ['extra_time'] });
    clock.advance(ABANDON_AFTER_MINUTES * MINUTE * EXTRA_TIME_FACTOR - 1);
    expect(access.abandonIfIdle(interviewRow()).status).toBe('in_progress');
    expect(finished).toEqual([]);
    clock.advance(1);
    expect(access.abandonIfIdle(interviewRow()).status).toBe('abandoned');
  });

  it('is never looked at once it is over', () => {
    const { access, clock, finished } = accessTo(interviewRow({ status: 'completed' }));
    clock.advance(ABANDON_AFTER_MINUTES * MINUTE * 10);
    expect(access.abandonIfIdle(interviewRow({ status: 'completed' })).status).toBe('completed');
    expect(finished).toEqual([]);
  });
});

describe('activity on an interview', () => {
  it('is written at most once a minute', () => {
    const clock = new FakeClock(new Date(STARTED_AT));
    const writes: string[] = [];
    const activity = new InterviewActivity({
      interviews: {
        updateSession: (sessionId, changes) => {
          writes.push(changes.lastActivityAt!);
          return { ...sessionRow(), id: sessionId, lastActivityAt: changes.lastActivityAt! } satisfies SessionRecord;
        },
      },
      clock,
    });
    const runtime: InterviewRuntime = loadRuntime(resources, { interview: interviewRow(), session: sessionRow(), messages: [], resumeSummary: null });

    clock.advance(MINUTE - 1);
    activity.touch(runtime);
    expect(writes).toEqual([]);
    clock.advance(1);
    activity.touch(runtime);
    clock.advance(30_000);
    activity.touch(runtime);
    expect(writes).toEqual([new Date(Date.parse(STARTED_AT) + MINUTE).toISOString()]);
    expect(runtime.lastActivityAt).toBe(writes[0]);
  });
});
