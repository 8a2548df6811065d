import { describe, expect, it } from 'vitest';
import type { InterviewRuntime } from '../../../src-main/interview/interview-runtime';
import { RuntimeRegistry } from '../../../src-main/interview/runtime-registry';
import { createLogger } from '../../../src-main/logging/logger';
import type { MessageRecord, SessionRecord } from '../../../src-main/repositories/interview-repository';
import type { ResumeSummaryRecord } from '../../../src-main/repositories/resume-repository';
import { interviewRow, questionRow, resources, sessionRow } from './interview-rows';

/** A registry over rows held in memory, counting how often the database is read and the judge is asked. */
function registryOver(rows: { session?: SessionRecord | null; messages?: MessageRecord[]; resume?: ResumeSummaryRecord | null; unjudged?: number } = {}) {
  const reads = { sessions: 0, messages: 0 };
  const judged: InterviewRuntime[] = [];
  const logLines: string[] = [];
  let messages = rows.messages ?? [];
  const registry = new RuntimeRegistry({
    interviews: {
      findSession: () => {
        reads.sessions++;
        return rows.session === undefined ? sessionRow() : rows.session;
      },
      listMessages: () => {
        reads.messages++;
        return [...messages];
      },
    },
    resumes: { findOwned: (id, candidateId) => (rows.resume && rows.resume.id === id && rows.resume.candidateId === candidateId ? rows.resume : null) },
    resources,
    judge: {
      judgeUnjudged: (runtime) => {
        judged.push(runtime);
        return Array.from({ length: rows.unjudged ?? 0 }, () => Promise.resolve(true));
      },
    },
    logger: createLogger({ sink: (line) => logLines.push(line) }),
  });
  return { registry, reads, judged, logLines, setMessages: (next: MessageRecord[]) => (messages = next) };
}

describe('the live-runtime registry', () => {
  it('loads an interview once and shares that runtime between calls, following the window that acted last', () => {
    const { registry, reads } = registryOver({ messages: [questionRow('q1', 1)] });
    const first = registry.runtimeFor(interviewRow(), 'window-a');
    const second = registry.runtimeFor(interviewRow(), 'window-b');

    expect(second).toBe(first);
    expect(reads).toEqual({ sessions: 1, messages: 1 });
    expect(first.windowId).toBe('window-b');
    expect(first.currentQuestion()?.id).toBe('q1');
    expect(first.sessionId).toBe('session-1');
  });

  it('asks the judge about answers left unjudged only when it loads, and logs when there were some', () => {
    const quiet = registryOver();
    quiet.registry.runtimeFor(interviewRow(), 'w');
    quiet.registry.runtimeFor(interviewRow(), 'w');
    expect(quiet.judged).toHaveLength(1);
    expect(quiet.logLines.join('\n')).not.toContain('judging answers again');

    const restarted = registryOver({ unjudged: 2 });
    const runtime = restarted.registry.runtimeFor(interviewRow(), 'w');
    expect(restarted.judged).toEqual([runtime]);
    const logged = restarted.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'judging answers again after a restart');
    expect(logged).toMatchObject({ interviewId: 'interview-1', answers: 2 });
  });

  it('tells whether a runtime is loaded without loading one', () => {
    const { registry, reads } = registryOver();
    expect(registry.loaded('interview-1')).toBeUndefined();
    expect(reads.sessions).toBe(0);
    const runtime = registry.runtimeFor(interviewRow(), 'w');
    expect(registry.loaded('interview-1')).toBe(runtime);
  });

  it('loads a forgotten interview again from the database, and forgets everything when cleared', () => {
    const { registry, reads, setMessages } = registryOver({ messages: [questionRow('q1', 1)] });
    const before = registry.runtimeFor(interviewRow(), 'w');
    registry.runtimeFor(interviewRow({ id: 'interview-2' }), 'w');

    registry.forget('interview-1');
    expect(registry.loaded('interview-1')).toBeUndefined();
    expect(registry.loaded('interview-2')).toBeDefined();
    setMessages([questionRow('q1', 1), questionRow('q2', 2)]);
    const after = registry.runtimeFor(interviewRow(), 'w');
    expect(after).not.toBe(before);
    expect(after.questions().map((question) => question.id)).toEqual(['q1', 'q2']);
    expect(reads.sessions).toBe(3);

    registry.clear();
    expect(registry.loaded('interview-1')).toBeUndefined();
    expect(registry.loaded('interview-2')).toBeUndefined();
  });

  it('refuses an interview whose session is missing, and keeps nothing for it', () => {
    const { registry } = registryOver({ session: null });
    expect(() => registry.runtimeFor(interviewRow(), 'w')).toThrow('Interview interview-1 has no session.');
    expect(registry.loaded('interview-1')).toBeUndefined();
  });

  it('gives the question writer a short summary of the candidate’s own parsed resume', () => {
    const resume: ResumeSummaryRecord = {
      id: 'resume-1',
      candidateId: 'candidate-1',
      parsingStatus: 'completed',
      parsedData: {
        skills: ['React', 'TypeScript'],
        yearsOfExperience: 4,
        previousRoles: [{ title: 'Frontend developer', organisation: 'Acme', years: 4 }],
        technicalDomains: [{ domain: 'web', level: 'advanced' }],
      },
    };
    const withResume = registryOver({ resume }).registry.runtimeFor(interviewRow({ resumeId: 'resume-1' }), 'w');
    expect(withResume.resumeSummary).toBe(
      'Skills: React, TypeScript. About 4 years of experience. Previous roles: Frontend developer at Acme. Domains: web (advanced).',
    );

    // Another candidate's resume is not theirs to be asked about.
    const notTheirs = registryOver({ resume: { ...resume, candidateId: 'someone-else' } }).registry.runtimeFor(interviewRow({ resumeId: 'resume-1' }), 'w');
    expect(notTheirs.resumeSummary).toBeNull();
    expect(registryOver().registry.runtimeFor(interviewRow(), 'w').resumeSummary).toBeNull();
  });
});
