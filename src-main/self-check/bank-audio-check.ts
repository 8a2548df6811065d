import type { BankAudioProgress } from '../../shared/ipc/kiosk-channels';
import { clip, spanWords, type CheckResult } from './check-result';

const LABEL = 'Offline question audio';

/** Where the preparation stands, after "212 of 360 … ready". */
const doing: Record<'waiting' | 'preparing' | 'paused', string> = {
  waiting: 'the rest are prepared in the background once the kiosk has been idle for a few minutes',
  preparing: 'the rest are being prepared now, in the background',
  paused: 'preparing the rest is paused while an interview is in progress here, and carries on once it is over',
};

/**
 * The question bank's audio (issue 19, point 2): when the AI service cannot
 * write or speak a question, one from the bank is spoken from this
 * kiosk's speech cache. Complete: ok. Not yet: a warning, since a sitting can
 * run (a question without audio is shown as text), and the kiosk finishes
 * the job by itself when it is online and idle. A bank that cannot be read
 * fails: the interview's fallback needs it too.
 */
export function checkBankAudio(progress: BankAudioProgress, now: Date): CheckResult {
  const base = { id: 'bank-audio' as const, label: LABEL };
  const { questionsReady, questions } = progress;
  switch (progress.state) {
    case 'off':
      return { ...base, status: 'ok', detail: 'Not needed: this device is in recruiter mode, and interviews are held at kiosks.', fix: null };
    case 'unavailable':
      return {
        ...base,
        status: 'fail',
        detail: clip(progress.problem ?? 'The question bank could not be read.'),
        fix: 'Reinstall the app from IT’s installer; if it happens again, send IT the app’s log.',
      };
    case 'complete':
      return {
        ...base,
        status: 'ok',
        detail: `Complete: all ${questions} question bank questions can be spoken on this kiosk with no AI service (${progress.parts} sentences in its speech cache).`,
        fix: null,
      };
    case 'retrying': {
      const next = progress.nextTryAt ? Date.parse(progress.nextTryAt) - now.getTime() : null;
      const when = next !== null && next > 0 ? `in about ${spanWords(next)}` : 'shortly';
      return {
        ...base,
        status: 'warn',
        detail: clip(`${questionsReady} of ${questions} question bank questions ready to be spoken with no AI service. Preparing the rest failed: ${progress.problem ?? 'no reason was given.'} It is tried again ${when}.`),
        fix: 'Check the AI provider line of this self-check and this kiosk’s network; once the provider answers, the rest is prepared by itself.',
      };
    }
    default:
      return {
        ...base,
        status: 'warn',
        detail: `${questionsReady} of ${questions} question bank questions ready to be spoken with no AI service; ${doing[progress.state]}. Until then, if the AI service fails, a question without audio is shown as text.`,
        fix: 'Leave the kiosk switched on and online between sittings: the rest takes a few minutes of idle time.',
      };
  }
}
