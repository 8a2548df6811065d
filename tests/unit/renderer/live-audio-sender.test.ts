import { describe, expect, it } from 'vitest';
import { LiveAudioSender, type LiveAudioMessage } from '../../../src-renderer/src/voice/live-audio-sender';

const ANSWER = { interviewId: 'i-1', questionMessageId: 'q-1' };
/** A detector frame: 512 samples at 16 kHz (32 ms), all of one value so messages can be traced back to frames. */
const frame = (value = 0.5) => new Float32Array(512).fill(value);
const samplesOf = (message: LiveAudioMessage) => {
  const bytes = Buffer.from(message.pcmBase64, 'base64');
  return Array.from({ length: bytes.length / 2 }, (_, i) => bytes.readInt16LE(i * 2));
};

function recorder(answer: (message: LiveAudioMessage) => Promise<unknown> = () => Promise.resolve({ ok: true })) {
  const sent: LiveAudioMessage[] = [];
  return { sent, send: (message: LiveAudioMessage) => (sent.push(message), answer(message)) };
}

describe('live audio sender', () => {
  it('batches frames into ~160 ms messages numbered from 0, the last one final', () => {
    const r = recorder();
    const sender = new LiveAudioSender({ send: r.send, preRollMs: 0 });
    sender.setAnswer(ANSWER);
    sender.begin(2, []);
    for (let i = 0; i < 12; i++) sender.push(frame());
    sender.end();
    expect(r.sent.map((m) => [m.seq, samplesOf(m).length, m.final])).toEqual([
      [0, 2560, false],
      [1, 2560, false],
      [2, 1024, true],
    ]);
    expect(r.sent.every((m) => m.segmentIndex === 2 && m.interviewId === 'i-1' && m.questionMessageId === 'q-1')).toBe(true);
    expect(samplesOf(r.sent[0]!)[0]).toBe(Math.round(0.5 * 0x7fff));
  });

  it('opens a segment with the last ~300 ms heard before speech was detected', () => {
    const r = recorder();
    const sender = new LiveAudioSender({ send: r.send, batchMs: 1000 });
    sender.setAnswer(ANSWER);
    for (let i = 0; i < 20; i++) sender.push(frame(i / 100));
    sender.begin(0);
    sender.end();
    const samples = samplesOf(r.sent[0]!);
    // 300 ms is 4800 samples: ten 512-sample frames (the ring keeps whole frames), the newest ones.
    expect(samples.length).toBe(5120);
    expect(samples[0]).toBe(Math.round(0.1 * 0x7fff));
    expect(samples.at(-1)).toBe(Math.round(0.19 * 0x7fff));
  });

  it('never blocks: sending does not wait for answers', () => {
    const r = recorder(() => new Promise(() => undefined));
    const sender = new LiveAudioSender({ send: r.send, preRollMs: 0, maxInFlight: 100 });
    sender.setAnswer(ANSWER);
    sender.begin(0, []);
    for (let i = 0; i < 50; i++) sender.push(frame());
    expect(r.sent.length).toBe(10);
  });

  it('drops the rest of the segment after a failed call, and still sends final past the gap', async () => {
    let calls = 0;
    const r = recorder(() => (++calls === 1 ? Promise.reject(new Error('ipc down')) : Promise.resolve({ ok: true })));
    const sender = new LiveAudioSender({ send: r.send, preRollMs: 0 });
    sender.setAnswer(ANSWER);
    sender.begin(0, []);
    for (let i = 0; i < 5; i++) sender.push(frame());
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let i = 0; i < 10; i++) sender.push(frame());
    sender.end();
    expect(r.sent.map((m) => [m.seq, m.final, samplesOf(m).length])).toEqual([
      [0, false, 2560],
      [1, true, 0],
    ]);
  });

  it('treats { ok: false } as a lost message', async () => {
    const r = recorder(() => Promise.resolve({ ok: false, error: { code: 'conflict' } }));
    const sender = new LiveAudioSender({ send: r.send, preRollMs: 0 });
    sender.setAnswer(ANSWER);
    sender.begin(0, []);
    for (let i = 0; i < 5; i++) sender.push(frame());
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let i = 0; i < 5; i++) sender.push(frame());
    sender.end();
    expect(r.sent.map((m) => m.seq)).toEqual([0, 1]);
    expect(r.sent[1]!.final).toBe(true);
  });

  it('drops instead of queueing when too many calls are unanswered, leaving a gap main can see', () => {
    const r = recorder(() => new Promise(() => undefined));
    const sender = new LiveAudioSender({ send: r.send, preRollMs: 0, maxInFlight: 2 });
    sender.setAnswer(ANSWER);
    sender.begin(0, []);
    for (let i = 0; i < 25; i++) sender.push(frame());
    sender.end();
    expect(r.sent.map((m) => [m.seq, m.final])).toEqual([
      [0, false],
      [1, false],
      [3, true],
    ]);
  });

  it('a misfire sends nothing more, and the same segment number starts again from seq 0', () => {
    const r = recorder();
    const sender = new LiveAudioSender({ send: r.send, preRollMs: 0 });
    sender.setAnswer(ANSWER);
    sender.begin(0, []);
    for (let i = 0; i < 5; i++) sender.push(frame());
    sender.abort();
    for (let i = 0; i < 5; i++) sender.push(frame());
    sender.begin(0, []);
    sender.push(frame());
    sender.end();
    expect(r.sent.map((m) => [m.segmentIndex, m.seq, m.final])).toEqual([
      [0, 0, false],
      [0, 0, true],
    ]);
  });

  it('sends nothing for a segment that never carried audio (no frames reached it)', () => {
    const r = recorder();
    const sender = new LiveAudioSender({ send: r.send, preRollMs: 0 });
    sender.setAnswer(ANSWER);
    sender.begin(0, []);
    sender.end();
    expect(r.sent).toEqual([]);
  });

  it('sends nothing without an answer to file it under, and a new question abandons the open segment', () => {
    const r = recorder();
    const sender = new LiveAudioSender({ send: r.send, preRollMs: 0 });
    sender.begin(0, []);
    for (let i = 0; i < 10; i++) sender.push(frame());
    sender.end();
    expect(r.sent).toHaveLength(0);
    sender.setAnswer(ANSWER);
    sender.begin(0, []);
    sender.setAnswer({ interviewId: 'i-1', questionMessageId: 'q-2' });
    for (let i = 0; i < 10; i++) sender.push(frame());
    sender.end();
    expect(r.sent).toHaveLength(0);
  });

  it('refuses a batch size main would reject', () => {
    expect(() => new LiveAudioSender({ send: () => Promise.resolve(), batchMs: 1500 })).toThrow(/at most a second/);
  });

  describe('a pause inside the segment', () => {
    const SPEECH = 0.9;
    const QUIET = 0.1;
    /** Frames numbered by value (n / 1000), so what was sent can be traced to what was heard. */
    let n = 0;
    const next = () => frame(++n / 1000);
    const sentValues = (messages: LiveAudioMessage[]) => messages.flatMap((m) => [...new Set(samplesOf(m))]).map((v) => Math.round((v / 0x7fff) * 1000));

    it('commits the words so far after one silent frame (32 ms), holds the silence after it, and ends with nothing more to commit', () => {
      n = 0;
      const r = recorder();
      const sender = new LiveAudioSender({ send: r.send, preRollMs: 0, batchMs: 1000 });
      sender.setAnswer(ANSWER);
      sender.begin(0, []);
      for (let i = 0; i < 20; i++) sender.push(next(), SPEECH); // 640 ms of speech
      sender.push(next(), 0.4);
      expect(r.sent).toEqual([]); // a frame between the thresholds is not silence
      sender.push(next(), QUIET); // 32 ms quiet: the pause commit
      for (let i = 0; i < 5; i++) sender.push(next(), QUIET); // the rest of the detector's wait: held
      sender.end();
      expect(r.sent.map((m) => [m.seq, samplesOf(m).length, m.final, m.pause ?? false])).toEqual([
        [0, 22 * 512, false, true],
        [1, 0, true, false],
      ]);
    });

    it('after a dip between words (speech back within 100 ms), a short last word still commits at its own pause', () => {
      n = 0;
      const r = recorder();
      const sender = new LiveAudioSender({ send: r.send, preRollMs: 0, batchMs: 1000 });
      sender.setAnswer(ANSWER);
      sender.begin(0, []);
      for (let i = 0; i < 20; i++) sender.push(next(), SPEECH); // 640 ms
      sender.push(next(), QUIET); // a one-frame dip: committed, as any pause is
      sender.push(next(), SPEECH); // back after 32 ms: it was a dip
      for (let i = 0; i < 6; i++) sender.push(next(), SPEECH); // the last word, 224 ms in all
      sender.push(next(), QUIET);
      expect(r.sent.filter((m) => m.pause)).toHaveLength(2);
      // A real pause (speech back after 160 ms) starts the count again: a word or two alone waits for what follows.
      for (let i = 0; i < 4; i++) sender.push(next(), QUIET);
      for (let i = 0; i < 7; i++) sender.push(next(), SPEECH);
      sender.push(next(), QUIET);
      expect(r.sent.filter((m) => m.pause)).toHaveLength(2);
      sender.end();
      expect(sentValues(r.sent)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    });

    it('says when it commits a pause and when speech comes back in the same segment', () => {
      n = 0;
      const r = recorder();
      const said: string[] = [];
      const sender = new LiveAudioSender({ send: r.send, preRollMs: 0, batchMs: 1000, onPause: (index) => said.push(`pause ${index}`), onResume: (index) => said.push(`resume ${index}`) });
      sender.setAnswer(ANSWER);
      sender.begin(3, []);
      for (let i = 0; i < 20; i++) sender.push(next(), SPEECH);
      expect(said).toEqual([]);
      sender.push(next(), QUIET);
      expect(said).toEqual(['pause 3']);
      for (let i = 0; i < 3; i++) sender.push(next(), QUIET);
      sender.push(next(), SPEECH);
      expect(said).toEqual(['pause 3', 'resume 3']);
      // Held frames that run out without speech are sent, but nobody resumed.
      for (let i = 0; i < 20; i++) sender.push(next(), SPEECH);
      for (let i = 0; i < 40; i++) sender.push(next(), QUIET);
      expect(said).toEqual(['pause 3', 'resume 3', 'pause 3']);
    });

    it('sends the held silence with the speech that follows it, so nothing heard is left out of the stream', () => {
      n = 0;
      const r = recorder();
      const sender = new LiveAudioSender({ send: r.send, preRollMs: 0, batchMs: 1000 });
      sender.setAnswer(ANSWER);
      sender.begin(0, []);
      for (let i = 0; i < 20; i++) sender.push(next(), SPEECH);
      for (let i = 0; i < 5; i++) sender.push(next(), QUIET);
      for (let i = 0; i < 5; i++) sender.push(next(), SPEECH);
      sender.end();
      expect(r.sent.map((m) => [m.pause ?? false, m.final])).toEqual([
        [true, false],
        [false, true],
      ]);
      expect(sentValues(r.sent)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    });

    it('does not commit a pause after less than half a second of speech, nor one the detector is unsure about', () => {
      n = 0;
      const r = recorder();
      const sender = new LiveAudioSender({ send: r.send, preRollMs: 0, batchMs: 1000 });
      sender.setAnswer(ANSWER);
      sender.begin(0, []);
      for (let i = 0; i < 10; i++) sender.push(next(), SPEECH); // 320 ms
      for (let i = 0; i < 5; i++) sender.push(next(), QUIET);
      for (let i = 0; i < 10; i++) sender.push(next(), SPEECH); // 640 ms in all
      for (let i = 0; i < 5; i++) sender.push(next(), 0.4); // between the thresholds: not silence
      sender.end();
      expect(r.sent.filter((m) => m.pause)).toEqual([]);
      expect(sentValues(r.sent)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    });

    it('judges no pause from frames without a probability (the pre-roll), and none when turned off', () => {
      const r = recorder();
      const sender = new LiveAudioSender({ send: r.send, preRollMs: 0, batchMs: 1000, pauseCommitMs: 0 });
      sender.setAnswer(ANSWER);
      sender.begin(0, []);
      for (let i = 0; i < 20; i++) sender.push(frame(), SPEECH);
      for (let i = 0; i < 10; i++) sender.push(frame(), QUIET);
      sender.end();
      const unknown = recorder();
      const withoutProbabilities = new LiveAudioSender({ send: unknown.send, preRollMs: 0, batchMs: 1000 });
      withoutProbabilities.setAnswer(ANSWER);
      withoutProbabilities.begin(1, []);
      for (let i = 0; i < 40; i++) withoutProbabilities.push(frame(i < 20 ? 0.5 : 0));
      withoutProbabilities.end();
      expect([...r.sent, ...unknown.sent].filter((m) => m.pause)).toEqual([]);
      // Whole frames per message: the first batch closes at the 32nd frame, past a second.
      expect(unknown.sent.map((m) => samplesOf(m).length)).toEqual([32 * 512, 8 * 512]);
    });
  });
});
