import { describe, expect, it } from 'vitest';
import { ABANDON_AFTER_MINUTES } from '../../../shared/domain/interview';
import { EXTRA_TIME_FACTOR, type Accommodation } from '../../../shared/domain/proctoring';
import { AppFailure } from '../../../src-main/common/app-failure';
import { InterviewAccess, interviewOver } from '../../../src-main/interview/interview-access';
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
  let row = stored;
  const access = new InterviewAccess({
    interviews: {
      findOwned: (id, candidateId) => (id === row.id && candidateId === row.candidateId ? row : null),
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
        return loadRuntime(resources, { interview, session, messages: [], resumeSummary: null });
      },
    },
    forget: (interviewId) => forgotten.push(interviewId),
    heldByProctor: () => options.heldByProctor ?? false,
    admitCarryOn: () => {},
    accommodations: () => options.accommodations ?? [],
    clock,
    logger: createLogger({ sink: () => {} }),
  });
  return { access, clock, finished, forgotten, loadedFor };
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
