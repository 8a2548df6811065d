import { describe, expect, it } from 'vitest';
import { countCodePoints, countWords, normaliseText, truncateText } from '../../../src-main/resumes/extraction/normalise-text';

describe('normaliseText', () => {
  it('composes to NFC, so a decomposed é equals the precomposed one', () => {
    const decomposed = 'Jose\u0301 Mu\u0308ller-\u0141ukasiewicz';
    expect(normaliseText(decomposed)).toBe('José Müller-Łukasiewicz');
    expect(normaliseText(decomposed)).toBe('José Müller-Łukasiewicz'.normalize('NFC'));
  });

  it('keeps non-ASCII names intact', () => {
    for (const name of ['Zoë Ångström', 'Małgorzata Wąsowska', 'Øyvind Særen', '王秀英', 'Дмитрий Шостакович', 'محمد عبدالله']) {
      expect(normaliseText(`  ${name}  `)).toBe(name);
    }
  });

  it('collapses runs of spaces, tabs and typographic spaces into one space, and trims lines', () => {
    expect(normaliseText('Skill\t\tYears \u00a0 Level\u2003end  \n   next line   ')).toBe('Skill Years Level end\nnext line');
  });

  it('keeps paragraphs apart by one blank line at most, and line breaks of any kind become \\n', () => {
    expect(normaliseText('Summary\r\n\r\n\r\n\r\nExperience\rSkills\u2028Education\fReferences')).toBe(
      'Summary\n\nExperience\nSkills\nEducation\n\nReferences',
    );
  });

  it('spells out ligatures and drops soft hyphens, zero-width spaces and BOMs, but keeps zero-width non-joiners', () => {
    expect(normaliseText('\ufeffPro\u00adﬁle: ﬂuent, e\u200bﬃcient')).toBe('Profile: fluent, efficient');
    expect(normaliseText('می\u200cخواهم')).toBe('می\u200cخواهم');
  });

  it('turns control characters into spaces', () => {
    expect(normaliseText('Go\u0000lang\u0007 and\u001bRust')).toBe('Go lang and Rust');
  });
});

describe('countWords', () => {
  it('counts words with hyphens and apostrophes as one, and ignores punctuation', () => {
    expect(countWords('José Müller-Łukasiewicz — I’m a full-stack dev; 9 years.')).toBe(8);
  });

  it('counts each Chinese or Japanese character as a word, since those scripts have no spaces', () => {
    expect(countWords('東京で働く')).toBe(5);
  });
});

describe('truncateText', () => {
  it('leaves short text alone', () => {
    expect(truncateText('short', 10)).toEqual({ text: 'short', truncated: false });
  });

  it('cuts at a word break near the limit', () => {
    expect(truncateText('alpha beta gamma delta', 20)).toEqual({ text: 'alpha beta gamma', truncated: true });
  });

  it('never splits a surrogate pair', () => {
    const { text } = truncateText('😀'.repeat(10), 5);
    expect(text).toBe('😀'.repeat(5));
    expect(countCodePoints(text)).toBe(5);
  });
});
