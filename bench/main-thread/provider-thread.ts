import { Worker } from 'node:worker_threads';

/** The provider's pace, as bench/turn.bench.ts sets it (the real service's typical times). */
export const PACE = {
  sttMs: 400,
  llmFirstTokenMs: 350,
  llmTokensPerSecond: 80,
  ttsFirstByteMs: 300,
  ttsBytesPerSecond: 24_000 * 2 * 10,
  judgementMs: 1200,
} as const;

export type ToProvider = { pace: boolean } | 'close';

export interface FakeProvider {
  url: string;
  /** Off during set-up (fast), on while measuring (paced like the real service). */
  pace(on: boolean): void;
  close(): Promise<void>;
}

/** The fake OpenAI server on a worker thread of its own (provider-worker.ts), so its work is never on a measured loop. */
export async function startFakeProvider(): Promise<FakeProvider> {
  const worker = new Worker(new URL('./provider-worker.ts', import.meta.url));
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve(message.url));
    worker.once('error', reject);
  });
  const send = (message: ToProvider) => worker.postMessage(message);
  return {
    url,
    pace: (on) => send({ pace: on }),
    close: async () => {
      send('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}
