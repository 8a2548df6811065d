import { describe, expect, it } from 'vitest';
import {
  endOfTurnSilenceMs,
  FINISHED_SILENCE_MS,
  judgeAnswerEnd,
  type EndOfTurnRule,
  type EndOfTurnVerdict,
} from '../../../src-renderer/src/voice/end-of-turn-rules';

/** Transcripts as Whisper / gpt-4o-transcribe write them, with the verdict and the rule that should decide. */
const table: [string, EndOfTurnVerdict, EndOfTurnRule][] = [
  // Nothing that is an answer yet.
  ['', 'unknown', 'empty'],
  ['   ', 'unknown', 'empty'],
  ['(coughs)', 'unknown', 'noise-only'],
  ['[cough]', 'unknown', 'noise-only'],
  ['[BLANK_AUDIO]', 'unknown', 'noise-only'],
  ['*clears throat*', 'unknown', 'noise-only'],
  ['♪', 'unknown', 'noise-only'],
  ['...', 'unknown', 'no-words'],
  ['Um.', 'unknown', 'filler-only'],
  ['Hmm.', 'unknown', 'filler-only'],
  ['Uh, um...', 'unknown', 'filler-only'],
  ['Erm. (coughs)', 'unknown', 'filler-only'],
  // Finished-sounding answers.
  ['I would use a reducer.', 'finished', 'ends-with-full-stop'],
  ['Yes.', 'finished', 'ends-with-full-stop'],
  ['No.', 'finished', 'ends-with-full-stop'],
  ["I don't know.", 'finished', 'ends-with-full-stop'],
  ["I'm not sure.", 'finished', 'ends-with-full-stop'],
  ['I think so.', 'finished', 'ends-with-full-stop'],
  ["I'd wait a minute or so.", 'finished', 'ends-with-full-stop'],
  ['It runs in O(n log n).', 'finished', 'ends-with-full-stop'],
  ["I'd do that.", 'finished', 'ends-with-full-stop'],
  ["I'd approach it like this.", 'finished', 'ends-with-full-stop'],
  ["We'd ship it then.", 'finished', 'ends-with-full-stop'],
  ["It's been stable for a while.", 'finished', 'ends-with-full-stop'],
  ["That's what I mean.", 'finished', 'ends-with-full-stop'],
  ['As you know.', 'finished', 'ends-with-full-stop'],
  ['You handle retries, timeouts, and so on.', 'finished', 'ends-with-full-stop'],
  ["It's great!", 'finished', 'ends-with-full-stop'],
  ["I'd use a map (hash map).", 'finished', 'ends-with-full-stop'],
  ['So, yeah. I would memoise the selector.', 'finished', 'ends-with-full-stop'],
  ['I would use a reducer. (coughs)', 'finished', 'ends-with-full-stop'],
  ['“I would use a reducer.”', 'finished', 'ends-with-full-stop'],
  ['Good question. I would cache it.', 'finished', 'ends-with-full-stop'],
  // A question handed to the interviewer ends the turn.
  ['Could you repeat the question?', 'finished', 'question-to-interviewer'],
  ['Do you mean the browser cache?', 'finished', 'question-to-interviewer'],
  ['What do you mean by that?', 'finished', 'question-to-interviewer'],
  ['Should I write the code as well?', 'finished', 'question-to-interviewer'],
  ["It's O(n), right?", 'finished', 'question-to-interviewer'],
  ['Sorry?', 'finished', 'question-to-interviewer'],
  ['Which one are you referring to?', 'finished', 'question-to-interviewer'],
  ['Which framework would you like?', 'finished', 'question-to-interviewer'],
  // Asking oneself, then answering.
  ["So what's the complexity here?", 'unfinished', 'self-question'],
  ['Why would I use a reducer?', 'unfinished', 'self-question'],
  ['What is it used for?', 'unfinished', 'self-question'],
  // The voice trailed off.
  ['I would use...', 'unfinished', 'ellipsis'],
  ['I would use…', 'unfinished', 'ellipsis'],
  ['I would use a —', 'unfinished', 'trailing-dash'],
  ['I would use a reducer -', 'unfinished', 'trailing-dash'],
  ['I would use a reducer,', 'unfinished', 'trailing-comma'],
  ['And so, um,', 'unfinished', 'trailing-comma'],
  ['There are two options:', 'unfinished', 'trailing-colon'],
  // Cut clauses, even when the transcriber closed them with a full stop.
  ['I would use a reducer and', 'unfinished', 'trailing-conjunction'],
  ['I would use a reducer because.', 'unfinished', 'trailing-conjunction'],
  ['It depends on whether.', 'unfinished', 'trailing-conjunction'],
  ['And so.', 'unfinished', 'trailing-conjunction'],
  ['So.', 'unfinished', 'trailing-conjunction'],
  ['It is faster than.', 'unfinished', 'trailing-conjunction'],
  ['Something such as.', 'unfinished', 'trailing-conjunction'],
  ['I would first profile it, and then.', 'unfinished', 'trailing-conjunction'],
  ['If the cache misses, then.', 'unfinished', 'trailing-conjunction'],
  ['I think that.', 'unfinished', 'trailing-conjunction'],
  ['I would pick the library which.', 'unfinished', 'trailing-conjunction'],
  ['I keep the list sorted while.', 'unfinished', 'trailing-conjunction'],
  ['Is it faster because?', 'unfinished', 'trailing-conjunction'],
  ['I would use a.', 'unfinished', 'trailing-article'],
  ['You pass it to the.', 'unfinished', 'trailing-article'],
  ['I store it in my.', 'unfinished', 'trailing-article'],
  ['Do you mean the?', 'unfinished', 'trailing-article'],
  ['I would send it to.', 'unfinished', 'trailing-preposition'],
  ['It is a list of.', 'unfinished', 'trailing-preposition'],
  ['I would start with.', 'unfinished', 'trailing-preposition'],
  ['You put the key in.', 'unfinished', 'trailing-preposition'],
  ['The user logs in.', 'finished', 'ends-with-full-stop'],
  // A filler at the end: the candidate is thinking.
  ['I would use a reducer, um.', 'unfinished', 'trailing-filler'],
  ['I would use a reducer um', 'unfinished', 'trailing-filler'],
  ['It is, like.', 'unfinished', 'trailing-filler'],
  ['It caches the result, you know.', 'unfinished', 'trailing-filler'],
  ['The thing is, I mean.', 'unfinished', 'trailing-filler'],
  ['It is kind of.', 'unfinished', 'trailing-filler'],
  ['Hmm, it is a reducer, uh', 'unfinished', 'trailing-filler'],
  // About to start, not an answer.
  ['Okay.', 'unfinished', 'preamble-only'],
  ['Um, sure.', 'unfinished', 'preamble-only'],
  ['Okay, so.', 'unfinished', 'trailing-conjunction'],
  ['Let me think.', 'unfinished', 'thinking-aloud'],
  ['Hmm, let me think about that.', 'unfinished', 'thinking-aloud'],
  ["That's a good question.", 'unfinished', 'thinking-aloud'],
  ['I would use a reducer. Let me see.', 'unfinished', 'thinking-aloud'],
  // Transcribers close a finished sentence with a mark; without one, it was probably cut.
  ['I would use a reducer', 'unfinished', 'no-final-punctuation'],
  ['yes', 'unfinished', 'no-final-punctuation'],
];

describe('judging whether an answer sounds finished', () => {
  it('has a table large enough to pin the rules down', () => {
    expect(table.length).toBeGreaterThanOrEqual(60);
  });

  for (const [phrase, verdict, rule] of table) {
    it(`${JSON.stringify(phrase)} → ${verdict} (${rule})`, () => {
      expect(judgeAnswerEnd(phrase)).toEqual({ verdict, rule });
    });
  }

  it('reads typographic apostrophes as plain ones', () => {
    expect(judgeAnswerEnd('I don’t think so.')).toEqual({ verdict: 'finished', rule: 'ends-with-full-stop' });
    expect(judgeAnswerEnd('That’s a good question.')).toEqual({ verdict: 'unfinished', rule: 'thinking-aloud' });
  });
});

describe('the silence that ends the answer', () => {
  it('is short after a finished answer and the device maximum otherwise', () => {
    expect(endOfTurnSilenceMs('finished', 2000)).toBe(FINISHED_SILENCE_MS);
    expect(endOfTurnSilenceMs('unfinished', 2000)).toBe(2000);
    expect(endOfTurnSilenceMs('unknown', 10_000)).toBe(10_000);
  });

  it('never waits longer after a finished answer than the device setting allows', () => {
    expect(endOfTurnSilenceMs('finished', 600)).toBe(600);
  });

  it('refuses a maximum that is not a positive number of milliseconds, saying what it should be', () => {
    expect(() => endOfTurnSilenceMs('finished', 0)).toThrow(/endOfTurnSilenceMs setting/);
    expect(() => endOfTurnSilenceMs('unfinished', Number.NaN)).toThrow(RangeError);
  });
});
