import { useCallback } from 'react';
import type { SyncRefusalView, SyncStatusView, SyncWaitingRowView } from '../../../../shared/ipc/sync-channels';
import { usePending } from '../../hooks/usePending';
import { useWatchedStatus } from '../../hooks/useWatchedStatus';
import { useKioskCall, useKioskEvents } from '../../kiosk-context';
import { formatDateTime } from './review/format';

interface SyncStatusLineProps {
  /** Recruiters and admins may start a sync; viewers only see the line. */
  canSyncNow: boolean;
  /** Admins may clear the list of refused changes once IT has looked at them. */
  canDismissRefusals: boolean;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function timeOf(iso: string | null): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : 'never';
}

/** One sentence a person can act on; nothing about endpoints or credentials. */
export function describeSync(status: SyncStatusView): string {
  const refused = status.rejected > 0 ? ` ${plural(status.rejected, 'change')} refused by the hosted database; ask IT to look at them (details below).` : '';
  const waitingRows =
    status.waiting > 0 ? ` ${plural(status.waiting, 'pulled row')} ${status.waiting === 1 ? 'waits' : 'wait'} for rows the hosted database has not sent; ask IT to look (details below).` : '';
  const rejected = `${refused}${waitingRows}`;
  if (!status.configured) return `Not syncing: this device keeps its data to itself until IT sets up sync.${rejected}`;
  const waiting =
    status.pendingChanges + status.pendingFiles > 0
      ? ` ${plural(status.pendingChanges, 'change')}${status.pendingFiles > 0 ? ` and ${plural(status.pendingFiles, 'file')}` : ''} waiting.`
      : '';
  switch (status.state) {
    case 'syncing':
      return `Syncing…${waiting}`;
    case 'offline':
    case 'error':
      return `${status.lastError ?? 'Sync failed; it will try again.'}${waiting}${rejected}`;
    default:
      return `Synced at ${timeOf(status.lastSyncAt)}.${waiting}${rejected}`;
  }
}

/** The staff header's sync line: live from `sync.changed`, announced politely, with "Sync now". */
/** Table names as a person says them. */
function thing(table: string): string {
  return table.replace(/_/g, ' ').replace(/s$/, '');
}

interface RefusedChangesProps {
  refusals: SyncRefusalView[];
  /** All pulled rows waiting for a parent, and the first of them by name. */
  waiting: number;
  waitingRows: SyncWaitingRowView[];
  onDismiss: (() => void) | null;
  dismissing: boolean;
}

/**
 * Which changes were refused and why, and which pulled rows wait for a row
 * the server never sent: what IT needs (`hosted-db refusals` lists the
 * server's side). Only refusals can be cleared; a waiting row leaves the
 * list by itself when its parent arrives.
 */
function RefusedChanges({ refusals, waiting, waitingRows, onDismiss, dismissing }: RefusedChangesProps) {
  const heading = [refusals.length > 0 ? `Refused changes (${refusals.length})` : null, waiting > 0 ? `Rows waiting for others (${waiting})` : null]
    .filter((part) => part !== null)
    .join(' · ');
  return (
    <details className="sync-refusals">
      <summary>{heading}</summary>
      <ul>
        {refusals.map((refusal) => (
          <li key={`${refusal.at}-${refusal.table}-${refusal.rowId}`}>
            <span className="sync-refusal-what">
              A {thing(refusal.table)} change ({refusal.rowId}) at {formatDateTime(refusal.at)}:
            </span>{' '}
            {refusal.reason}
          </li>
        ))}
        {waitingRows.map((row) => (
          <li key={`waiting-${row.table}-${row.rowId}`}>
            <span className="sync-refusal-what">
              A pulled {thing(row.table)} ({row.rowId}), waiting since {formatDateTime(row.since)}:
            </span>{' '}
            its {thing(row.parentTable)} ({row.parentId}) has not come from the hosted database. It is kept aside and placed when that row arrives; IT checks the row
            exists on the hosted database and that this device may see it.
          </li>
        ))}
      </ul>
      {waiting > waitingRows.length ? <p className="hint">And {waiting - waitingRows.length} more waiting rows.</p> : null}
      {refusals.length > 0 ? <p className="hint">The hosted database keeps these too; IT can list them with “hosted-db refusals”.</p> : null}
      {onDismiss && refusals.length > 0 ? (
        <button type="button" className="button button-secondary" onClick={onDismiss} disabled={dismissing}>
          {dismissing ? 'Clearing…' : 'Clear this list'}
        </button>
      ) : null}
    </details>
  );
}

export function SyncStatusLine({ canSyncNow, canDismissRefusals }: SyncStatusLineProps) {
  const call = useKioskCall();
  const on = useKioskEvents();
  // Asking also subscribes this window to `sync.changed`.
  const ask = useCallback(() => call('sync.status', {}), [call]);
  const watch = useCallback((listener: (status: SyncStatusView) => void) => on('sync.changed', listener), [on]);
  const { status, setStatus, failure, setFailure } = useWatchedStatus(ask, watch);
  const { pending, run } = usePending();
  const { pending: dismissing, run: runDismiss } = usePending();

  /** Both buttons answer with the status after their work. */
  const callForStatus = useCallback(
    async (channel: 'sync.syncNow' | 'sync.dismissRefusals') => {
      setFailure(null);
      const result = await call(channel, {});
      if (result.ok) setStatus(result.data);
      else setFailure(result.error.message);
    },
    [call, setStatus, setFailure],
  );
  const syncNow = useCallback(() => void run(() => callForStatus('sync.syncNow')), [run, callForStatus]);
  const dismiss = useCallback(() => void runDismiss(() => callForStatus('sync.dismissRefusals')), [runDismiss, callForStatus]);

  if (!status && !failure) return null;
  const text = failure ?? (status ? describeSync(status) : '');
  return (
    <div className="sync-status-line">
      <p role="status" aria-live="polite" className="sync-status-text">
        {text}
      </p>
      {canSyncNow && status?.configured ? (
        <button type="button" className="button button-secondary" onClick={syncNow} disabled={pending || status.state === 'syncing'}>
          {pending ? 'Syncing…' : 'Sync now'}
        </button>
      ) : null}
      {status && (status.refusals.length > 0 || status.waiting > 0) ? (
        <RefusedChanges
          refusals={status.refusals}
          waiting={status.waiting}
          waitingRows={status.waitingRows}
          onDismiss={canDismissRefusals ? dismiss : null}
          dismissing={dismissing}
        />
      ) : null}
    </div>
  );
}
