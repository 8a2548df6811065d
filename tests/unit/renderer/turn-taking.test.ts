import { describe, expect, it } from 'vitest';
import { TurnTaker, type TurnTakingOptions } from '../../../src-renderer/src/voice/turn-taking';

const options: TurnTakingOptions = { endOfTurnSilenceMs: 2000, vadRedemptionMs: 600, maxSegmentMs: 60_000, promptAfterMs: 30_000 };

/** Ticks every 100 ms from `from` to `to` and returns the first action with its time. */
function runClock(turn: TurnTaker, from: number, to: number): { at: number; action: string } | null {
  for (let now = from; now <= to; now += 100) {
    const action = turn.tick(now);
    if (action) return { at: now, action };
  }
  return null;
}

describe('turn-taking', () => {
  it('ends the answer after the end-of-turn silence, counted from the last speech rather than from when the detector noticed', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    turn.speechStart(1000);
    // The detector reports the end after its 600 ms redemption: speech really stopped at 4000.
    expect(turn.speechEnd(4600)).toEqual({ startedAt: 1000, endedAt: 4000 });
    expect(runClock(turn, 4600, 10_000)).toEqual({ at: 6000, action: 'end-of-turn' });
  });

  it('does not end the answer during a thinking pause shorter than the end-of-turn silence', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    turn.speechStart(500);
    turn.speechEnd(3100); // speech ended at 2500
    expect(runClock(turn, 3100, 4400)).toBeNull(); // a 1.9 s pause
    turn.speechStart(4400);
    expect(runClock(turn, 4400, 9000)).toBeNull(); // still talking
    turn.speechEnd(9600); // ended at 9000
    expect(turn.segmentCount).toBe(2);
    expect(runClock(turn, 9600, 20_000)).toEqual({ at: 11_000, action: 'end-of-turn' });
  });

  it('lets a longer end-of-turn setting keep a pause of several seconds inside the answer', () => {
    const turn = new TurnTaker({ ...options, endOfTurnSilenceMs: 5000 });
    turn.listen(0);
    turn.speechStart(0);
    turn.speechEnd(2600);
    expect(runClock(turn, 2600, 6900)).toBeNull(); // 4.9 s of thinking
    turn.speechStart(7000);
    turn.speechEnd(8600);
    expect(runClock(turn, 8600, 20_000)).toEqual({ at: 13_000, action: 'end-of-turn' });
  });

  it('never ends a turn in which nothing was said, but reminds the candidate once', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    expect(runClock(turn, 0, 29_900)).toBeNull();
    expect(turn.tick(30_000)).toBe('prompt');
    expect(runClock(turn, 30_100, 120_000)).toBeNull();
  });

  it('ignores a misfire (a cough) for ending the turn', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    turn.speechStart(100);
    turn.misfire();
    expect(runClock(turn, 100, 10_000)).toBeNull();
  });

  it('does not end the turn while the candidate is still speaking, however long', () => {
    const turn = new TurnTaker({ ...options, maxSegmentMs: 600_000 });
    turn.listen(0);
    turn.speechStart(0);
    expect(runClock(turn, 0, 300_000)).toBeNull(); // five minutes of speech
  });

  it('asks for a continuous stretch of speech to be split once it reaches the segment cap', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    turn.speechStart(1000);
    expect(runClock(turn, 1000, 70_000)).toEqual({ at: 61_000, action: 'split-segment' });
    turn.speechEnd(61_050);
    turn.speechStart(61_100);
    expect(runClock(turn, 61_100, 100_000)).toBeNull();
  });

  it('does not count time spent away (question replayed, answer being sent) as silence', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    turn.speechStart(0);
    turn.speechEnd(1600);
    turn.hold(); // "Hear the question again"
    expect(turn.tick(10_000)).toBeNull();
    turn.listen(10_000);
    expect(runClock(turn, 10_000, 11_900)).toBeNull();
    expect(turn.tick(12_000)).toBe('end-of-turn');
  });

  it('starts afresh after "Start my answer again"', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    turn.speechStart(0);
    turn.speechEnd(1600);
    turn.reset(2000);
    expect(turn.segmentCount).toBe(0);
    expect(runClock(turn, 2000, 20_000)).toBeNull();
  });
});

describe('the end-of-turn setting', () => {
  it('follows the device setting that arrives with the interview', () => {
    const turn = new TurnTaker(options);
    turn.setEndOfTurnSilence(1000);
    turn.listen(0);
    turn.speechStart(0);
    turn.speechEnd(1600);
    expect(runClock(turn, 1600, 5000)).toEqual({ at: 2000, action: 'end-of-turn' });
  });
});

describe('speculating at a pause inside the segment (live transcription)', () => {
  it('speculates, counting the open segment, once its words up to the pause sound finished', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    turn.speechStart(500);
    turn.paused(0);
    expect(turn.tick(2600), 'the words are not in yet').toBeNull();
    turn.heardUpToPause(0, 'I would keep it in a reducer.');
    expect(turn.tick(2700)).toBe('speculate');
    expect(turn.tick(2800), 'once').toBeNull();
    // The detector closes the segment (speech ended at 2300, its redemption before): the same answer, so no second speculation.
    turn.speechEnd(2900);
    turn.heard(0, 'I would keep it in a reducer.');
    expect(turn.tick(2900)).toBeNull();
    expect(runClock(turn, 3000, 3200)).toEqual({ at: 3000, action: 'end-of-turn' });
  });

  it('does not speculate on words that do not sound finished, nor on words for another segment', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    turn.speechStart(500);
    turn.paused(0);
    turn.heardUpToPause(0, 'I would use a reducer, because');
    expect(runClock(turn, 2600, 5000)).toBeNull();
    turn.resumed();
    turn.paused(0);
    turn.heardUpToPause(1, 'That is all.');
    expect(runClock(turn, 5000, 6000)).toBeNull();
  });

  it('forgets the pause when speech comes back, and speculates again on the answer as it ends', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    turn.speechStart(500);
    turn.paused(0);
    turn.heardUpToPause(0, 'I would keep it in a reducer.');
    expect(turn.tick(2700)).toBe('speculate');
    turn.resumed();
    // The pause's words no longer stand for the answer.
    expect(runClock(turn, 2800, 4000)).toBeNull();
    turn.speechEnd(4600);
    turn.heard(0, 'I would keep it in a reducer. It keeps the steps simple.');
    expect(turn.tick(4600)).toBe('speculate');
  });

  it('ignores a pause reported while nobody is speaking (the question’s echo while the answer can be carried on)', () => {
    const turn = new TurnTaker(options);
    turn.listen(0);
    turn.paused(0);
    turn.heardUpToPause(0, 'Here is question two.');
    expect(runClock(turn, 0, 2000)).toBeNull();
  });
});
