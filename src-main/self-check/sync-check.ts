import type { SyncStatusView } from '../../shared/ipc/sync-channels';
import type { Clock } from '../common/clock';
import { clip, messageOf, spanWords, within, type CheckResult } from './check-result';

/**
 * What the sync check reads, as SyncService offers it: the status line's
 * facts, and one short session to ask the hosted database's `sync.hello`
 * (which also says the server's time: the clock check's reference).
 */
export interface SyncSource {
  currentStatus(): Promise<SyncStatusView>;
  /** Null when sync is not set up; rejects (SyncError) when the server cannot be reached or refuses. */
  withSession<T>(work: (session: { hello(): Promise<{ serverTime: string }> }) => Promise<T>): Promise<T | null>;
}

/** The hosted database's clock, and when (on this device's clock) the question went and the answer came. */
export interface ServerClockReading {
  serverTime: Date;
  sentAt: Date;
  receivedAt: Date;
}

export type HelloOutcome = { ok: true; clock: ServerClockReading | null } | { ok: false; message: string };

export interface SyncReading {
  status: SyncStatusView;
  /** Null when sync is not set up, so nothing was asked. */
  hello: HelloOutcome | null;
}

/** A person waits for the check; the transport's own connect timeout is longer. */
export const SYNC_TIMEOUT_MS = 8_000;

/** The status, then (when sync is set up) one `hello` to the hosted database, timed on `clock`. */
export async function readSync(source: SyncSource, clock: Clock, timeoutMs = SYNC_TIMEOUT_MS): Promise<SyncReading> {
  const status = await source.currentStatus();
  if (!status.configured) return { status, hello: null };
  const sentAt = clock.now();
  try {
    const reply = await within(
      source.withSession((session) => session.hello()),
      timeoutMs,
    );
    const receivedAt = clock.now();
    if (reply === null) return { status, hello: null };
    const serverTime = new Date(reply.serverTime);
    return { status, hello: { ok: true, clock: Number.isNaN(serverTime.getTime()) ? null : { serverTime, sentAt, receivedAt } } };
  } catch (error) {
    return { status, hello: { ok: false, message: messageOf(error) } };
  }
}

/** Changes waiting longer than this (or never synced) are worth a look before a sitting. */
export const STALE_SYNC_MS = 24 * 60 * 60 * 1000;

const LABEL = 'Sync';
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

interface Finding {
  status: 'ok' | 'warn';
  detail: string;
  fix: string | null;
}

/**
 * Sync never stops a sitting (interviews are kept on the device and sent
 * later), so its worst is a warning: not set up, the hosted database out of
 * reach, changes it refused, or changes waiting for a day or more.
 */
export function checkSync(reading: SyncReading, now: Date): CheckResult {
  const { status, hello } = reading;
  if (!status.configured || hello === null) {
    return {
      id: 'sync',
      label: LABEL,
      status: 'warn',
      detail: 'Sync is not set up: interviews taken here stay on this device, and recruiters elsewhere do not see them.',
      fix: 'IT enrols this device (“npm run cli -- hosted-db enrol-device”), then an administrator enters the Sync endpoint and stores the Sync device credential under Device settings. If this device is meant to keep its data to itself, there is nothing to do.',
    };
  }
  const findings: Finding[] = [];
  const waiting = status.pendingChanges + status.pendingFiles;
  const waitingWords = waiting === 0 ? 'nothing is waiting to be sent' : `${plural(status.pendingChanges, 'change')} and ${plural(status.pendingFiles, 'file')} are waiting to be sent`;
  const last = status.lastSyncAt ? `last synced ${spanWords(now.getTime() - Date.parse(status.lastSyncAt))} ago` : 'it has not synced yet';

  if (!hello.ok) {
    findings.push({
      status: 'warn',
      detail: `The hosted database could not be reached just now: ${hello.message} Interviews are kept on this device and sent when it can be reached (${last}; ${waitingWords}).`,
      fix: 'Check this computer’s network, and that its firewall lets it reach the hosted database at the Sync endpoint’s address. If the device was revoked, IT enrols it again.',
    });
  } else {
    const stale = waiting > 0 && (status.lastSyncAt === null || now.getTime() - Date.parse(status.lastSyncAt) > STALE_SYNC_MS);
    findings.push({
      status: stale ? 'warn' : 'ok',
      detail: `The hosted database answered; ${last}, and ${waitingWords}.`,
      fix: stale ? 'Sync runs by itself every few minutes; if changes keep waiting, an administrator presses “Sync now” on the staff screens and reads what it says.' : null,
    });
    if (status.state === 'error' && status.lastError) {
      findings.push({ status: 'warn', detail: `The last sync run failed: ${status.lastError}`, fix: 'An administrator presses “Sync now” on the staff screens; if it fails again, send IT what it says.' });
    }
  }
  if (status.rejected > 0) {
    findings.push({
      status: 'warn',
      detail: `The hosted database refused ${plural(status.rejected, 'change')} from this device.`,
      fix: 'An administrator opens “Refused changes” under the sync line on the staff screens and asks IT to look at them (“npm run cli -- hosted-db refusals”).',
    });
  }
  if (status.waiting > 0) {
    findings.push({
      status: 'warn',
      detail: `${plural(status.waiting, 'row')} pulled from the hosted database ${status.waiting === 1 ? 'waits' : 'wait'} for a row ${status.waiting === 1 ? 'it belongs' : 'they belong'} to that the hosted database has not sent; ${status.waiting === 1 ? 'it is' : 'they are'} kept aside, not shown.`,
      fix: 'An administrator opens the list under the sync line on the staff screens; IT checks on the hosted database that the rows named there exist and that this device may see them.',
    });
  }
  const worst = findings.some((finding) => finding.status === 'warn') ? 'warn' : 'ok';
  const fixes = findings.map((finding) => finding.fix).filter((fix): fix is string => fix !== null);
  return {
    id: 'sync',
    label: LABEL,
    status: worst,
    detail: clip(findings.map((finding) => finding.detail).join(' ')),
    fix: fixes.length > 0 ? clip(fixes.join(' ')) : null,
  };
}
