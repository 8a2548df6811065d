import { describe, expect, it } from 'vitest';
import type { IntegrityFlag } from '../../../shared/domain/assessment';
import { integrityScoreFrom, SEVERITY_WEIGHTS } from '../../../src-main/assessment/integrity-score';
import { measureIntegrity } from '../../../src-main/assessment/integrity-signals';
import { event, question, scripted } from './scripted-interviews';

function flag(severity: IntegrityFlag['severity'], confidence: number, source: IntegrityFlag['source'] = 'measured'): IntegrityFlag {
  return { type: 'focus_loss', severity, confidence, evidence: 'scripted', source, refs: [], measurements: {} };
}

describe('integrityScoreFrom', () => {
  it('is 100 with no flags', () => {
    expect(integrityScoreFrom([])).toBe(100);
  });

  it('takes off each flag’s severity weight times its confidence', () => {
    expect(SEVERITY_WEIGHTS).toEqual({ low: 5, medium: 12, high: 25 });
    expect(integrityScoreFrom([flag('high', 1)])).toBe(75);
    expect(integrityScoreFrom([flag('medium', 0.5)])).toBe(94);
    // 100 - 5 × 0.4 - 12 × 0.7 - 25 × 0.9 = 67.1
    expect(integrityScoreFrom([flag('low', 0.4), flag('medium', 0.7), flag('high', 0.9)])).toBe(67.1);
  });

  it('rounds to one decimal', () => {
    // 100 - 12 × 0.33 = 96.04
    expect(integrityScoreFrom([flag('medium', 0.33)])).toBe(96);
    // 100 - 5 × 0.35 = 98.25
    expect(integrityScoreFrom([flag('low', 0.35)])).toBe(98.3);
  });

  it('stops at 0', () => {
    expect(integrityScoreFrom(Array.from({ length: 5 }, () => flag('high', 1)))).toBe(0);
  });

  it('counts the model’s flags the same as measured ones', () => {
    expect(integrityScoreFrom([flag('high', 0.8, 'model'), flag('low', 0.6, 'model')])).toBe(integrityScoreFrom([flag('high', 0.8), flag('low', 0.6)]));
    expect(integrityScoreFrom([flag('high', 0.8, 'model')])).toBe(80);
  });

  it('keeps a confidence outside 0..1 from pushing the score past its range', () => {
    expect(integrityScoreFrom([flag('high', 2)])).toBe(75);
    expect(integrityScoreFrom([flag('high', -1)])).toBe(100);
    expect(integrityScoreFrom([flag('high', Number.NaN)])).toBe(100);
  });

  it('scores a scripted interview with a planted paste below a clean one', () => {
    const clean = scripted([question(1), question(3), question(5)]);
    const pasted = scripted([question(1), question(3), question(5)], (at) => [event('paste', at.asked(2, 10_000), { characters: 300 })]);
    expect(integrityScoreFrom(measureIntegrity(clean))).toBe(100);
    const score = integrityScoreFrom(measureIntegrity(pasted));
    expect(score).toBeLessThan(100);
    expect(score).toBeGreaterThanOrEqual(75);
  });
});
