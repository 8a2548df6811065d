import { describe, expect, it } from 'vitest';
import { roleTypes } from '../../../../shared/domain/interview';
import { candidateWithLevels, expectValidInterview, judged, phaseCounts, role, simulate, smallRole, strong, weak, type Candidate } from './support';

const mixedFor = (roleType: (typeof roleTypes)[number]): Candidate =>
  candidateWithLevels(Object.fromEntries(role(roleType).skills.map((s, i) => [s.id, [3, 4, 2, 1, 5, 3][i] ?? 2])));

describe('phase sequence and counts', () => {
  for (const roleType of roleTypes) {
    for (const [name, candidate] of [
      ['strong', strong],
      ['weak', weak],
      ['mixed', mixedFor(roleType)],
    ] as const) {
      it.each([0, 1, 2])(`${roleType}, ${name} candidate, %i judgements pending: warmup 2–3, standard 5–8, advanced 3–5, 12–20 in all`, (lag) => {
        const def = role(roleType);
        const run = simulate({ role: def, candidate, lag });
        expectValidInterview(run, def);
      });
    }
  }

  it('gives a strong candidate two warmups and a weak one three', () => {
    expect(phaseCounts(simulate({ candidate: strong }).asked).warmup).toBe(2);
    expect(phaseCounts(simulate({ candidate: strong, lag: 1 }).asked).warmup).toBe(2);
    expect(phaseCounts(simulate({ candidate: weak }).asked).warmup).toBe(3);
    expect(phaseCounts(simulate({ candidate: weak, lag: 1 }).asked).warmup).toBe(3);
  });

  it('asks a third warmup when the first two went poorly or are still pending when it decides', () => {
    const shakyStart: Candidate = (q) => (q.messageId === 'q1' ? judged('partial', false) : strong(q));
    // Judged in time: q2 went well, so two are enough.
    expect(phaseCounts(simulate({ candidate: shakyStart }).asked).warmup).toBe(2);
    // q2 still being judged when the third is decided, and q1 was not good.
    expect(phaseCounts(simulate({ candidate: shakyStart, lag: 1 }).asked).warmup).toBe(3);
    // Both still being judged.
    expect(phaseCounts(simulate({ candidate: strong, lag: 2 }).asked).warmup).toBe(3);
  });

  it('starts with the resume’s focus skills in warmup and in the standard phase', () => {
    const run = simulate({ candidate: strong, focusSkills: ['Jest', 'TypeScript'] });
    const warmup = run.asked.filter((q) => q.phase === 'warmup').map((q) => q.skillId);
    const standard = run.asked.filter((q) => q.phase === 'standard').map((q) => q.skillId);
    expect(warmup).toEqual(['testing', 'typescript-in-react']);
    expect(new Set(standard.slice(0, 2))).toEqual(new Set(['testing', 'typescript-in-react']));
    expect(standard.slice(2)).toEqual(['components-and-jsx', 'state-and-hooks', 'rendering-performance', 'data-fetching']);
  });

  it('never asks the same skill twice in a row in warmup and standard when it can help it', () => {
    const run = simulate({ candidate: weak, role: smallRole(4) });
    const early = run.asked.filter((q) => q.phase !== 'advanced');
    early.slice(1).forEach((q, i) => expect(q.skillId).not.toBe(early[i]!.skillId));
  });

  it('covers every skill in the standard phase, at least 5 questions even for a 4-skill role', () => {
    const def = smallRole(4);
    const run = simulate({ role: def, candidate: strong });
    const standard = run.asked.filter((q) => q.phase === 'standard');
    expect(standard).toHaveLength(5);
    expect(new Set(standard.map((q) => q.skillId))).toEqual(new Set(def.skills.map((s) => s.id)));
    expectValidInterview(run, def);
  });

  it('extends the standard phase toward 8 to cover a skill whose answer was no answer at all', () => {
    const silentOnTesting: Candidate = (q) => (q.skillId === 'testing' && q.phase === 'standard' ? judged('no_answer') : strong(q));
    const run = simulate({ candidate: silentOnTesting });
    const standard = run.asked.filter((q) => q.phase === 'standard');
    expect(standard).toHaveLength(8);
    expect(standard.filter((q) => q.skillId === 'testing')).toHaveLength(3);
    expectValidInterview(run, role('react'));
  });

  it('pitches the standard phase at 3 for a strong start and at 2 for a weak one', () => {
    const levels = (candidate: Candidate) => simulate({ candidate }).asked.filter((q) => q.phase === 'standard').map((q) => q.difficulty);
    expect(new Set(levels(strong))).toEqual(new Set([3]));
    expect(new Set(levels(weak))).toEqual(new Set([2]));
  });
});
