import { describe, expect, it } from 'vitest';
import { AudioStreamRouter, type AudioChunk, type AudioSink } from '../../../src-renderer/src/voice/audio-streams';

class RecordingSink implements AudioSink {
  samples = 0;
  finished = false;
  stopped = false;
  play(samples: Float32Array): void {
    this.samples += samples.length;
  }
  finish(): Promise<void> {
    this.finished = true;
    return Promise.resolve();
  }
  stop(): void {
    this.stopped = true;
  }
  muted: boolean[] = [];
  mute(muted: boolean): void {
    this.muted.push(muted);
  }
}

const pcm = (samples: number) => Buffer.alloc(samples * 2).toString('base64');
const chunk = (streamId: string, seq: number, samples: number, final = false, error?: string): AudioChunk => ({
  streamId,
  seq,
  sampleRate: 24_000,
  pcmBase64: samples > 0 ? pcm(samples) : '',
  final,
  ...(error ? { error } : {}),
});

function router() {
  const sinks: RecordingSink[] = [];
  return {
    sinks,
    router: new AudioStreamRouter(() => {
      const sink = new RecordingSink();
      sinks.push(sink);
      return sink;
    }),
  };
}

describe('routing spoken audio', () => {
  it('replays chunks that arrived before the stream was claimed by id', async () => {
    const { router: r, sinks } = router();
    r.receive(chunk('a', 0, 100));
    const handle = r.claim('a');
    r.receive(chunk('a', 1, 50));
    r.receive(chunk('a', 2, 0, true));
    await handle.started;
    expect(await handle.ended).toEqual({ error: null, played: true });
    expect(sinks[0]!.samples).toBe(150);
  });

  it('gives "the next stream" the first stream that begins after the claim, not one already under way', async () => {
    const { router: r } = router();
    r.receive(chunk('old', 0, 10));
    const next = r.claimNext();
    r.receive(chunk('old', 1, 10, true));
    r.receive(chunk('question-2', 0, 10));
    r.receive(chunk('question-2', 1, 0, true));
    expect(next.streamId).toBe('question-2');
    expect((await next.ended).played).toBe(true);
  });

  it('reports a stream that failed before any audio, so the question is shown as text', async () => {
    const { router: r } = router();
    const next = r.claimNext();
    r.receive(chunk('q', 0, 0, true, 'Text-to-speech is unavailable.'));
    await next.started;
    expect(await next.ended).toEqual({ error: 'Text-to-speech is unavailable.', played: false });
  });

  it('plays chunks in sequence order even if they arrive out of order', async () => {
    const order: number[] = [];
    const r = new AudioStreamRouter(() => ({
      play: (samples) => order.push(samples.length),
      finish: () => Promise.resolve(),
      stop: () => undefined,
    }));
    const handle = r.claim('s');
    r.receive(chunk('s', 0, 1));
    r.receive(chunk('s', 2, 3));
    r.receive(chunk('s', 1, 2));
    r.receive(chunk('s', 3, 0, true));
    await handle.ended;
    expect(order).toEqual([1, 2, 3]);
  });

  it('stops the sound and settles waiters when a claim is cancelled', async () => {
    const { router: r, sinks } = router();
    const handle = r.claim('s');
    r.receive(chunk('s', 0, 10));
    handle.cancel();
    expect(sinks[0]!.stopped).toBe(true);
    expect(await handle.ended).toEqual({ error: 'cancelled', played: true });
  });

  it('mutes a stream while it plays on, even one muted before its first audio arrived, and stops one whose audio has all arrived', async () => {
    const { router: r, sinks } = router();
    const handle = r.claimNext();
    handle.mute(true);
    r.receive(chunk('q', 0, 480));
    expect(sinks[0]!.muted).toEqual([true]);
    handle.mute(false);
    expect(sinks[0]!.muted).toEqual([true, false]);
    // All of it arrived and is still sounding: cancelling silences it and says so.
    r.receive(chunk('q', 1, 0, true));
    handle.cancel();
    expect(sinks[0]!.stopped).toBe(true);
    await expect(handle.ended).resolves.toMatchObject({ error: 'cancelled' });
  });
});
