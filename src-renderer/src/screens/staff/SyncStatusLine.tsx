import { useCallback, useEffect, useState } from 'react';
import type { SyncStatusView } from '../../../../shared/ipc/sync-channels';
import { usePending } from '../../hooks/usePending';
import { useKioskCall, useKioskEvents } from '../../kiosk-context';

interface SyncStatusLineProps {
  /** Recruiters and admins may start a sync; viewers only see the line. */
  canSyncNow: boolean;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function timeOf(iso: string | null): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : 'never';
}

/** One sentence a person can act on; nothing about endpoints or credentials. */
export function describeSync(status: SyncStatusView): string {
  if (!status.configured) return 'Not syncing: this device keeps its data to itself until IT sets up sync.';
  const waiting =
    status.pendingChanges + status.pendingFiles > 0
      ? ` ${plural(status.pendingChanges, 'change')}${status.pendingFiles > 0 ? ` and ${plural(status.pendingFiles, 'file')}` : ''} waiting.`
      : '';
  const rejected = status.rejected > 0 ? ` ${plural(status.rejected, 'change')} refused by the hosted database; ask IT to look at them.` : '';
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
export function SyncStatusLine({ canSyncNow }: SyncStatusLineProps) {
  const call = useKioskCall();
  const on = useKioskEvents();
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const { pending, run } = usePending();

  useEffect(() => {
    let current = true;
    const stop = on('sync.changed', (next) => {
      if (current) setStatus(next);
    });
    // Asking also subscribes this window to `sync.changed`.
    void call('sync.status', {}).then((result) => {
      if (!current) return;
      if (result.ok) setStatus(result.data);
      else setFailure(result.error.message);
    });
    return () => {
      current = false;
      stop();
    };
  }, [call, on]);

  const syncNow = useCallback(
    () =>
      void run(async () => {
        setFailure(null);
        const result = await call('sync.syncNow', {});
        if (result.ok) setStatus(result.data);
        else setFailure(result.error.message);
      }),
    [call, run],
  );

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
    </div>
  );
}
