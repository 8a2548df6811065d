import type { SyncStatusView } from '../../shared/ipc/sync-channels';

/** What the status line shows: the IPC shape (shared/ipc/sync-channels.ts), so the two cannot drift. */
export type SyncStatus = SyncStatusView;
export type SyncState = SyncStatus['state'];
