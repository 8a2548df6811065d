import { useCallback } from 'react';
import type { SyncRefusalView, SyncStatusView } from '../../../../shared/ipc/sync-channels';
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
  const rejected = status.rejected > 0 ? ` ${plural(status.rejected, 'change')} refused by the hosted database; ask IT to look at them (details below).` : '';
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

/** Which changes were refused and why: what IT needs (`hosted-db refusals` lists the server's side). */
function RefusedChanges({ refusals, onDismiss, dismissing }: { refusals: SyncRefusalView[]; onDismiss: (() => void) | null; dismissing: boolean }) {
  return (
    <details className="sync-refusals">
      <summary>Refused changes ({refusals.length})</summary>
      <ul>
        {refusals.map((refusal) => (
          <li key={`${refusal.at}-${refusal.table}-${refusal.rowId}`}>
            <span className="sync-refusal-what">
              A {thing(refusal.table)} change ({refusal.rowId}) at {formatDateTime(refusal.at)}:
            </span>{' '}
            {refusal.reason}
          </li>
        ))}
      </ul>
      <p className="hint">The hosted database keeps these too; IT can list them with “hosted-db refusals”.</p>
      {onDismiss ? (
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
      {status && status.refusals.length > 0 ? (
        <RefusedChanges refusals={status.refusals} onDismiss={canDismissRefusals ? dismiss : null} dismissing={dismissing} />
      ) : null}
    </div>
  );
}
