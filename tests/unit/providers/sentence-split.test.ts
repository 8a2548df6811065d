import { describe, expect, it } from 'vitest';
import { MAX_SPEECH_INPUT, splitForSpeech } from '../../../src-main/providers/ai/sentence-split';

const sentence = (n: number, length = 60) => `Sentence number ${n} ${'x'.repeat(Math.max(0, length - 20 - String(n).length))}.`;

describe('splitForSpeech', () => {
  it('keeps a text within the limit whole, untouched', () => {
    const text = '  Hello there. How are you?  ';
    expect(splitForSpeech(text)).toEqual([text]);
    expect(splitForSpeech('x'.repeat(MAX_SPEECH_INPUT))).toHaveLength(1);
  });

  it('gives nothing for an empty or blank text', () => {
    expect(splitForSpeech('')).toEqual([]);
    expect(splitForSpeech('   \n ')).toEqual([]);
  });

  it('splits a long text at sentence ends, every part within the limit, losing no words', () => {
    const sentences = Array.from({ length: 200 }, (_, i) => sentence(i + 1));
    const text = sentences.join(' ');
    expect(text.length).toBeGreaterThan(MAX_SPEECH_INPUT * 2);

    const parts = splitForSpeech(text);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MAX_SPEECH_INPUT);
      expect(part.endsWith('.')).toBe(true);
      expect(part.startsWith('Sentence number')).toBe(true);
    }
    expect(parts.join(' ')).toBe(text);
  });

  it('packs sentences greedily: a part is only closed when the next sentence would not fit', () => {
    const parts = splitForSpeech('Aaaa. Bbbb. Cccc. Dddd.', 12);
    expect(parts).toEqual(['Aaaa. Bbbb.', 'Cccc. Dddd.']);
  });

  it('handles question and exclamation marks and line breaks as sentence ends', () => {
    expect(splitForSpeech('Why? Because!\nThen this.', 14)).toEqual(['Why? Because!', 'Then this.']);
  });

  it('splits a sentence longer than the limit between words', () => {
    const long = `${Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ')}.`;
    const parts = splitForSpeech(long, 50);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(50);
    expect(parts.join(' ')).toBe(long);
    for (const part of parts) expect(part).toMatch(/^word\d+/);
  });

  it('cuts a single over-long word at the limit, never inside a surrogate pair', () => {
    const emoji = '😀'.repeat(20); // 40 UTF-16 units
    const parts = splitForSpeech(emoji, 7);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(7);
      expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(parts.join('')).toBe(emoji);
  });
});
