import type { EventSink } from '../../shared/ipc/event-sink';
import type { InterviewActivity } from './interview-activity';
import type { InterviewRuntime } from './interview-runtime';
import { PROVIDER_WAIT_MESSAGE, type RetryReporter } from './provider-retry';

/**
 * Tells the candidate's window (`interview.providerStatus`) that the AI
 * provider is down and their interview is waiting for it, and when it is
 * back.
 */
export class ProviderStatusReporters {
  constructor(private readonly deps: { events: EventSink; activity: InterviewActivity; isClosed: () => boolean }) {}

  /** For a step of the turn the candidate is waiting on. */
  forTurn(windowId: string, runtime: InterviewRuntime): RetryReporter {
    return {
      waiting: (retryInMs) => {
        this.deps.events.emit(windowId, 'interview.providerStatus', { message: PROVIDER_WAIT_MESSAGE, retryInMs: Math.round(retryInMs) });
        // The candidate is waiting for us, not idle: an outage must not get the interview abandoned.
        if (!this.deps.isClosed()) this.deps.activity.touch(runtime);
      },
      recovered: () => this.deps.events.emit(windowId, 'interview.providerStatus', { message: null, retryInMs: null }),
    };
  }

  /** For a judgement, which runs beside the turn: its outage matters to the candidate only while a turn waits for it. */
  forJudgement(runtime: InterviewRuntime): RetryReporter {
    return {
      waiting: (retryInMs) => {
        if (runtime.waitingOnJudgement && runtime.windowId) this.forTurn(runtime.windowId, runtime).waiting(retryInMs);
      },
      recovered: () => {
        if (runtime.windowId) this.forTurn(runtime.windowId, runtime).recovered();
      },
    };
  }
}
