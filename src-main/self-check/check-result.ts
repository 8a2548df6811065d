import { SELF_CHECK_TEXT_MAX, type KioskCheck } from '../../shared/ipc/kiosk-channels';

/** One check's answer: what was checked, how it went, what was found and what to do (null: nothing). */
export type CheckResult = KioskCheck;

/** Text from elsewhere (a provider's or server's message) cut to what the channel carries. */
export function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim() || 'No details.';
  return line.length > SELF_CHECK_TEXT_MAX ? `${line.slice(0, SELF_CHECK_TEXT_MAX - 1)}…` : line;
}

/** "45 seconds", "7 minutes", "3 hours", "2 days": a span of time as a person says it. */
export function spanWords(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  const unit = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (seconds < 90) return unit(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return unit(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 36) return unit(hours, 'hour');
  return unit(Math.round(hours / 24), 'day');
}

/** Rejects with a TimeoutError after `ms`, unless `work` settles first; the work itself is left to finish. */
export function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DOMException(`No answer within ${spanWords(ms)}.`, 'TimeoutError')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** An error's message, for a detail line (these messages are written to be shown: SecretStoreError, SyncError, ProviderError). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
