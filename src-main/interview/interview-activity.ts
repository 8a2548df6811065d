import type { Clock } from '../common/clock';
import type { InterviewRepository } from '../repositories/interview-repository';
import type { InterviewRuntime } from './interview-runtime';

/** Segments and replays count as activity, but a database write per segment would only add sync traffic. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Notes that the candidate is still at an interview, in the session's
 * last_activity_at: what the 30-minute idle rule (InterviewAccess) measures.
 * Turns write it with their own rows; this is for everything else.
 */
export class InterviewActivity {
  constructor(private readonly deps: { interviews: Pick<InterviewRepository, 'updateSession'>; clock: Clock }) {}

  touch(runtime: InterviewRuntime): void {
    const now = this.deps.clock.now();
    if (now.getTime() - Date.parse(runtime.lastActivityAt) < TOUCH_EVERY_MS) return;
    runtime.lastActivityAt = this.deps.interviews.updateSession(runtime.sessionId, { lastActivityAt: now.toISOString() }).lastActivityAt;
  }
}
