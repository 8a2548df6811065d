import type { Logger } from '../logging/logger-types';
import type { InterviewRecord, InterviewRepository } from '../repositories/interview-repository';
import type { ResumeRepository, ResumeSummaryRecord } from '../repositories/resume-repository';
import type { InterviewResources } from '../resources/interview-resources';
import type { AnswerJudge } from './answer-judge';
import { loadRuntime, type InterviewRuntime } from './interview-runtime';

export interface RuntimeRegistryDeps {
  interviews: Pick<InterviewRepository, 'findSession' | 'listMessages'>;
  resumes: Pick<ResumeRepository, 'findOwned'>;
  resources: InterviewResources;
  judge: Pick<AnswerJudge, 'judgeUnjudged'>;
  /** Reads back the answer the app stopped in the middle of (AnswerSegments.restore); resolves once it is back. */
  restoreAnswer?: (runtime: InterviewRuntime) => Promise<void>;
  logger: Logger;
}

/**
 * The interviews loaded into memory, one InterviewRuntime each: built from
 * the database the first time an interview is acted on (after a start of
 * the app, too), then kept, so every call on an interview shares its state
 * and its one-turn-at-a-time queue, until the interview ends.
 */
export class RuntimeRegistry {
  private readonly runtimes = new Map<string, InterviewRuntime>();

  constructor(private readonly deps: RuntimeRegistryDeps) {}

  /** The interview's runtime, loaded if need be; `windowId` acted on it last, so its background work reports there. */
  runtimeFor(interview: InterviewRecord, windowId: string): InterviewRuntime {
    const runtime = this.runtimes.get(interview.id) ?? this.load(interview, windowId);
    runtime.windowId = windowId;
    return runtime;
  }

  /** The runtime only if it is loaded already: for news that does not need the whole interview in memory. */
  loaded(interviewId: string): InterviewRuntime | undefined {
    return this.runtimes.get(interviewId);
  }

  /**
   * Whether an interview loaded here was acted on at or after `sinceMs`: one
   * in progress on this device. An ended interview is no longer loaded; one
   * left idle for longer counts as over, though it is marked abandoned only
   * when next acted on.
   */
  anyActiveSince(sinceMs: number): boolean {
    for (const runtime of this.runtimes.values()) if (Date.parse(runtime.lastActivityAt) >= sinceMs) return true;
    return false;
  }

  /** The interview ended; judgements still under way keep their own reference and are saved when they arrive. */
  forget(interviewId: string): void {
    this.runtimes.delete(interviewId);
  }

  clear(): void {
    this.runtimes.clear();
  }

  private load(interview: InterviewRecord, windowId: string): InterviewRuntime {
    const session = this.deps.interviews.findSession(interview.id);
    if (!session) throw new Error(`Interview ${interview.id} has no session.`);
    const resume = interview.resumeId ? this.deps.resumes.findOwned(interview.resumeId, interview.candidateId) : null;
    const runtime = loadRuntime(this.deps.resources, {
      interview,
      session,
      messages: this.deps.interviews.listMessages(interview.id),
      resumeSummary: resumeSummary(resume),
    });
    runtime.windowId = windowId;
    this.runtimes.set(interview.id, runtime);
    // The answer being given when the app stopped is back before any turn on the interview goes on (its view counts its segments).
    const restoring = this.deps.restoreAnswer?.(runtime);
    if (restoring) void runtime.exclusive(() => restoring);
    // Answers saved before a restart whose judgement never arrived are judged again, in the background.
    const rejudged = this.deps.judge.judgeUnjudged(runtime);
    if (rejudged.length > 0) this.deps.logger.info('judging answers again after a restart', { interviewId: interview.id, answers: rejudged.length });
    return runtime;
  }
}

/** A few lines the question writer can tie questions to; null without a parsed resume. */
function resumeSummary(resume: ResumeSummaryRecord | null): string | null {
  const data = resume?.parsedData;
  if (!data) return null;
  const parts: string[] = [];
  if (data.skills?.length) parts.push(`Skills: ${data.skills.slice(0, 20).join(', ')}.`);
  if (typeof data.yearsOfExperience === 'number') parts.push(`About ${data.yearsOfExperience} years of experience.`);
  if (data.previousRoles?.length) parts.push(`Previous roles: ${data.previousRoles.slice(0, 5).map((role) => `${role.title} at ${role.organisation}`).join('; ')}.`);
  if (data.technicalDomains?.length) {
    parts.push(`Domains: ${data.technicalDomains.slice(0, 8).map(({ domain, level }) => `${domain} (${level})`).join(', ')}.`);
  }
  const summary = parts.join(' ').slice(0, 800).trim();
  return summary.length > 0 ? summary : null;
}
