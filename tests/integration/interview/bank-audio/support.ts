import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BankAudioState } from '../../../../shared/ipc/kiosk-channels';
import type { BankAudio, BankAudioTimings } from '../../../../src-main/interview/bank-audio/bank-audio';

/** Milliseconds where the product waits minutes. */
export const FAST_BANK_AUDIO: BankAudioTimings = { startDelayMs: 0, settleMs: 20, retryMs: 300, watchMs: 5 };

/** Polls (real time) until the check passes. Not too often: a progress check stats every part's file. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Until the preparer's progress says `state`. */
export const untilState = (bank: Pick<BankAudio, 'progress'>, state: BankAudioState, what: string = `it is ${state}`) =>
  until(async () => (await bank.progress()).state === state, what);

/** The speech cache's finished files under a data folder (a `.tmp` is one still being written). */
export function cacheFiles(dataDir: string): string[] {
  const dir = join(dataDir, 'tts-cache');
  return existsSync(dir) ? readdirSync(dir).filter((name) => !name.endsWith('.tmp')) : [];
}
