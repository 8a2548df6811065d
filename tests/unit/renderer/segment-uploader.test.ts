import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../shared/ipc/result';
import { SegmentUploader, type PendingSegment } from '../../../src-renderer/src/voice/segment-uploader';

const segment = (segmentIndex: number): PendingSegment => ({ interviewId: 'i', questionMessageId: 'q', segmentIndex, audioWavBase64: 'UklGRg==', startedAfterQuestionMs: 0, endedAfterQuestionMs: 10 });
const unavailable: AppError = { code: 'unavailable', message: 'The database is busy.' };

describe('sending answer segments', () => {
  it('sends in order, one at a time, and retries a failed send until it is stored', async () => {
    const sent: number[] = [];
    let failuresLeft = 4;
    const trouble: (AppError | null)[] = [];
    const uploader = new SegmentUploader({
      sleep: () => Promise.resolve(),
      onTrouble: (error) => trouble.push(error),
      send: (s) => {
        sent.push(s.segmentIndex);
        if (s.segmentIndex === 1 && failuresLeft-- > 0) return Promise.resolve({ ok: false, error: unavailable });
        return Promise.resolve({ ok: true });
      },
    });
    uploader.add(segment(0));
    uploader.add(segment(1));
    uploader.add(segment(2));
    await uploader.idle();
    expect(sent).toEqual([0, 1, 1, 1, 1, 1, 2]);
    expect(uploader.acceptedCount).toBe(3);
    expect(uploader.pendingCount).toBe(0);
    // Told once when saving struggles, once when it recovers.
    expect(trouble).toEqual([unavailable, null]);
  });

  it('treats a thrown send (a dropped connection) like an unavailable app', async () => {
    let calls = 0;
    const uploader = new SegmentUploader({
      sleep: () => Promise.resolve(),
      send: () => (++calls === 1 ? Promise.reject(new Error('socket closed')) : Promise.resolve({ ok: true })),
    });
    uploader.add(segment(0));
    await uploader.idle();
    expect(calls).toBe(2);
    expect(uploader.acceptedCount).toBe(1);
  });

  it.each(['invalid_input', 'too_large', 'rate_limited'] as const)('does not retry what the app refuses outright (%s), and says so', async (code) => {
    const refused: AppError[] = [];
    let sends = 0;
    const uploader = new SegmentUploader({
      sleep: () => Promise.resolve(),
      onRefused: (error) => refused.push(error),
      send: () => {
        sends++;
        return Promise.resolve({ ok: false, error: { code, message: 'Too long.' } });
      },
    });
    uploader.add(segment(0));
    await uploader.idle();
    expect(refused).toEqual([{ code, message: 'Too long.' }]);
    expect(sends).toBe(1);
  });

  it('on clear, drops what was not sent, lets the send in flight settle, and starts counting afresh', async () => {
    const sent: number[] = [];
    let release!: () => void;
    const uploader = new SegmentUploader({
      send: (s) => {
        sent.push(s.segmentIndex);
        if (s.segmentIndex === 0 && sent.length === 1) return new Promise((resolve) => (release = () => resolve({ ok: true })));
        return Promise.resolve({ ok: true });
      },
    });
    uploader.add(segment(0));
    uploader.add(segment(1));
    const clearing = uploader.clear();
    release();
    await clearing;
    expect(sent).toEqual([0]);
    expect(uploader.acceptedCount).toBe(0);
    uploader.add(segment(0));
    await uploader.idle();
    expect(sent).toEqual([0, 0]);
    expect(uploader.acceptedCount).toBe(1);
  });
});
