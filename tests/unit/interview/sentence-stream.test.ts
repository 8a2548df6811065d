import { describe, expect, it } from 'vitest';
import { SentenceStream, splitSentences } from '../../../src-main/interview/sentence-stream';

function feed(text: string, size: number): { emitted: Array<[number, string]>; rest: string[] } {
  const stream = new SentenceStream();
  const emitted: Array<[number, string]> = [];
  for (let i = 0; i < text.length; i += size) for (const sentence of stream.push(text.slice(i, i + size))) emitted.push([i + size, sentence]);
  return { emitted, rest: stream.end() };
}

describe('cutting a streamed question into sentences', () => {
  it('hands on each sentence as soon as the next one has begun, and the last at the end', () => {
    const text = 'Thanks. Let us move on to testing! How would you test a hook that fetches data?';
    const { emitted, rest } = feed(text, 4);
    expect(emitted.map(([, sentence]) => sentence)).toEqual(['Thanks.', 'Let us move on to testing!']);
    // "Thanks." is complete once the "L" of the next sentence arrives, not before.
    expect(emitted[0]![0]).toBe(12);
    expect(rest).toEqual(['How would you test a hook that fetches data?']);
  });

  it('does not cut inside numbers or after a full stop followed by a small letter', () => {
    const text = 'Version 3.5 changed this e.g. the way hooks run. Why?';
    const { emitted, rest } = feed(text, 1);
    expect([...emitted.map(([, sentence]) => sentence), ...rest]).toEqual(['Version 3.5 changed this e.g. the way hooks run.', 'Why?']);
  });

  it('cuts a whole text the same way a stream of it is cut', () => {
    const text = 'Okay. Tell me about state in React. What would you lift up, and why?';
    const { emitted, rest } = feed(text, 3);
    expect(splitSentences(text)).toEqual([...emitted.map(([, sentence]) => sentence), ...rest]);
    expect(splitSentences('   ')).toEqual([]);
  });

  it("speaks the first sentence from its first clause break, as soon as the next word has begun", () => {
    const text = 'Okay, thank you for that. Next, how would you test it?';
    const { emitted, rest } = feed(text, 1);
    expect(emitted.map(([, part]) => part)).toEqual(['Okay,', 'thank you for that.']);
    // "Okay," is certain once the "t" of "thank" arrives, five characters in plus the space and that letter.
    expect(emitted[0]![0]).toBe(7);
    // Later sentences stay whole, commas and all.
    expect(rest).toEqual(['Next, how would you test it?']);
    expect(splitSentences(text)).toEqual(['Okay,', 'thank you for that.', 'Next, how would you test it?']);
  });

  it('does not take a comma inside a number, one with nothing after it yet, or one after the first sentence for a clause break', () => {
    expect(feed('We had 1,000 users', 1).emitted).toEqual([]);
    const stream = new SentenceStream();
    expect(stream.push('Right,')).toEqual([]);
    expect(stream.push(' ')).toEqual([]);
    expect(stream.push('so')).toEqual(['Right,']);
    expect(splitSentences('Thanks. Let us move on, please. Why?')).toEqual(['Thanks.', 'Let us move on, please.', 'Why?']);
  });
});
