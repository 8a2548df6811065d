import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src-main/common/app-failure';
import { periodOf } from '../../../src-main/common/day-period';

describe('a period of whole UTC days', () => {
  it('runs from the first day’s midnight to the midnight after the last day', () => {
    expect(periodOf('2026-01-01', '2026-01-31')).toEqual({ fromIso: '2026-01-01T00:00:00.000Z', toExclusiveIso: '2026-02-01T00:00:00.000Z' });
    expect(periodOf('2026-03-05', '2026-03-05')).toEqual({ fromIso: '2026-03-05T00:00:00.000Z', toExclusiveIso: '2026-03-06T00:00:00.000Z' });
  });

  it('refuses a day that does not exist, a day written otherwise, and a period that ends before it starts, naming the field', () => {
    const refusal = (from: string, to: string) => {
      try {
        periodOf(from, to);
      } catch (error) {
        if (error instanceof AppFailure) return { code: error.code, message: error.message, fields: error.fields };
        throw error;
      }
      throw new Error('not refused');
    };
    expect(refusal('2026-02-30', '2026-03-01')).toMatchObject({ code: 'invalid_input', fields: { from: expect.stringContaining('"2026-02-30" is not one') } });
    expect(refusal('2026-01-01', '31/01/2026')).toMatchObject({ code: 'invalid_input', fields: { to: expect.stringContaining('YYYY-MM-DD') } });
    expect(refusal('2026-02-01', '2026-01-31')).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('before it starts'), fields: { to: 'Must be on or after the first day.' } });
  });
});
