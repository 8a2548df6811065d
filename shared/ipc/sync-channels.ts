import { z } from 'zod';
import { channel, event } from './channel';

/**
 * Sync with the hosted database: a status line for staff and a "Sync now"
 * for those who change data. The status never carries the endpoint or the
 * credential, only what a person needs to know.
 */
/** A change of this device the hosted database refused, and why (kept on the device until an admin dismisses it). */
export const syncRefusalSchema = z.object({
  table: z.string(),
  rowId: z.string(),
  reason: z.string(),
  at: z.string(),
});
export type SyncRefusalView = z.infer<typeof syncRefusalSchema>;

export const syncStatusSchema = z.object({
  configured: z.boolean(),
  state: z.enum(['not_configured', 'idle', 'syncing', 'offline', 'error']),
  lastSyncAt: z.string().nullable(),
  pendingChanges: z.number().int().min(0),
  pendingFiles: z.number().int().min(0),
  lastError: z.string().nullable(),
  rejected: z.number().int().min(0),
  /** The refused changes behind `rejected`, newest first. */
  refusals: z.array(syncRefusalSchema),
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

export const syncChannels = {
  'sync.status': channel({
    summary: 'Staff: whether this device syncs with the hosted database, when it last did, and what is waiting.',
    access: ['recruiter', 'admin', 'viewer'],
    input: z.strictObject({}),
    output: syncStatusSchema,
  }),
  'sync.syncNow': channel({
    summary: 'Recruiter/admin: sync now rather than at the next interval; answers with the status after the run.',
    access: ['recruiter', 'admin'],
    input: z.strictObject({}),
    output: syncStatusSchema,
  }),
  'sync.dismissRefusals': channel({
    summary: 'Admin: clear the refused changes from this device\'s status line once IT has looked at them (the hosted database keeps its record).',
    access: ['admin'],
    input: z.strictObject({}),
    output: syncStatusSchema,
  }),
} as const;

export const syncEvents = {
  'sync.changed': event({
    summary: 'The sync status changed (a run started or ended, or local changes are waiting).',
    payload: syncStatusSchema,
  }),
} as const;
