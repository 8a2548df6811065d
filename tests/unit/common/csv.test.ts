import { describe, expect, it } from 'vitest';
import { csvDocument, csvField } from '../../../src-main/common/csv';
import { readCsv } from '../../support/read-csv';

describe('a CSV field (RFC 4180)', () => {
  it('stays bare when it can, and is quoted, with its quotes doubled, when it holds a comma, a quote, CR or LF', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('Smith, Jo')).toBe('"Smith, Jo"');
    expect(csvField('She said "yes"')).toBe('"She said ""yes"""');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('line one\r\nline two')).toBe('"line one\r\nline two"');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
  });

  it('writes numbers and booleans as they are, and refuses a number a spreadsheet cannot hold', () => {
    expect(csvField(87.5)).toBe('87.5');
    expect(csvField(0)).toBe('0');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(true)).toBe('true');
    expect(() => csvField(Number.NaN)).toThrow(/finite/);
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });

  it('puts a single quote before text a spreadsheet would run as a formula (OWASP: = + - @ tab CR; ASVS 1.2.10 adds NUL)', () => {
    expect(csvField('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(csvField('+1-555-0100')).toBe("'+1-555-0100");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('\r=1+1')).toBe('"\'\r=1+1"');
    expect(csvField('\0=1')).toBe("'\0=1");
    // Only the first character counts: these are text a spreadsheet shows as it is.
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField("'already quoted")).toBe("'already quoted");
    expect(csvField(' =not first')).toBe(' =not first');
  });
});

describe('a CSV document', () => {
  it('ends every record with CRLF and reads back as the cells written, guards included', () => {
    const text = csvDocument(['name', 'note', 'score'], [
      ['Ana, Jr.', 'Said "hi"\nthen left', 81],
      ['=cmd|"/c calc"!A1', null, null],
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('name,note,score');
    expect(readCsv(text)).toEqual([
      ['name', 'note', 'score'],
      ['Ana, Jr.', 'Said "hi"\nthen left', '81'],
      ['\'=cmd|"/c calc"!A1', '', ''],
    ]);
  });

  it('refuses a record whose field count differs from the header (RFC 4180 2.4)', () => {
    expect(() => csvDocument(['a', 'b'], [['only one']])).toThrow('CSV record 1 has 1 fields; the header has 2.');
  });
});
