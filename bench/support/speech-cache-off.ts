import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every benchmark question opens with "Okay,", which the app speaks on its
 * own as soon as it is written (src-main/interview/sentence-stream.ts); the
 * speech cache would answer for it from the second question on. Its folder
 * is made a file, so the cache is unavailable (the app then streams without
 * it, as it does on a full disk) and every part of every question is the
 * provider's: the figures hold for openers the cache has never heard.
 */
export function keepSpeechCacheOff(dataDir: string): void {
  const folder = join(dataDir, 'tts-cache');
  rmSync(folder, { recursive: true, force: true });
  writeFileSync(folder, 'the benchmark keeps the speech cache off\n');
}
