import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { answerQualities, judgementPassed, judgementSchema, judgementSchemaFor, qualityScore } from '../../../../src-main/interview/engine/index';
import { role } from './support';

describe('judgement', () => {
  it('converts to a strict JSON schema with every field required', () => {
    for (const schema of [judgementSchema, judgementSchemaFor(role('react'))]) {
      const format = zodResponseFormat(schema, 'answer_judgement');
      const json = format.json_schema.schema as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
      expect(format.json_schema.strict).toBe(true);
      expect(json.additionalProperties).toBe(false);
      expect([...json.required].sort()).toEqual(['evidence', 'quality', 'reasoning', 'skillArea', 'struggled']);
      expect(Object.keys(json.properties).sort()).toEqual([...json.required].sort());
    }
  });

  it('limits skillArea to the role’s skill ids when built for a role', () => {
    const schema = judgementSchemaFor(role('react'));
    const base = { quality: 'good', evidence: 'uses a cleanup function', struggled: false, reasoning: 'fine' };
    expect(schema.safeParse({ ...base, skillArea: 'state-and-hooks' }).success).toBe(true);
    expect(schema.safeParse({ ...base, skillArea: 'cooking' }).success).toBe(false);
  });

  it('maps quality to a score from 0 to 1, best first', () => {
    const scores = answerQualities.map(qualityScore);
    expect(scores).toEqual([1, 0.75, 0.5, 0.25, 0]);
  });

  it('counts only good or excellent answers without struggling as passed', () => {
    expect(judgementPassed({ quality: 'excellent', struggled: false })).toBe(true);
    expect(judgementPassed({ quality: 'good', struggled: false })).toBe(true);
    expect(judgementPassed({ quality: 'good', struggled: true })).toBe(false);
    expect(judgementPassed({ quality: 'partial', struggled: false })).toBe(false);
    expect(judgementPassed({ quality: 'no_answer', struggled: false })).toBe(false);
  });
});
