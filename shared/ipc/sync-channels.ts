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

/**
 * A row pulled from the hosted database that waits for a parent row (its
 * candidate, interview…) the server did not send by the end of a pull: it
 * is kept aside, not lost, and placed if the parent comes.
 */
export const syncWaitingRowSchema = z.object({
  table: z.string(),
  rowId: z.string(),
  parentTable: z.string(),
  parentId: z.string(),
  /** When a pull to the end first found it still waiting. */
  since: z.string(),
});
export type SyncWaitingRowView = z.infer<typeof syncWaitingRowSchema>;

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
  /** Pulled rows the last pull to the end left waiting for a parent (all of them counted). */
  waiting: z.number().int().min(0),
  /** The first of them by table and id (at most 50). */
  waitingRows: z.array(syncWaitingRowSchema),
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

const ENROL_HOST_ERROR = 'The hosted database address is text of at most 2048 characters.';
const ENROL_CODE_ERROR = 'Type the enrolment code IT gave you (at most 300 characters, or a scanned line).';
const ENROL_NAME_ERROR = 'A device name is at most 200 characters.';

/** What the admin types: the address IT printed (empty when the code is a scanned line), the code, and a name the code may leave to the device. */
export const syncEnrolInputSchema = z.strictObject({
  host: z.string({ error: ENROL_HOST_ERROR }).max(2048, { error: ENROL_HOST_ERROR }),
  code: z.string({ error: ENROL_CODE_ERROR }).min(1, { error: ENROL_CODE_ERROR }).max(300, { error: ENROL_CODE_ERROR }),
  name: z.string({ error: ENROL_NAME_ERROR }).max(200, { error: ENROL_NAME_ERROR }).optional(),
});

/** The device as enrolled; the endpoint has no password in it. */
export const syncEnrolmentSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  kind: z.enum(['kiosk', 'laptop']),
  endpoint: z.string(),
});
export type SyncEnrolmentView = z.infer<typeof syncEnrolmentSchema>;

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
  'sync.enrol': channel({
    summary:
      'Admin: enrol this device with a one-time code from IT (hosted-db enrol-device): its login goes straight to the keychain and the sync endpoint is set; no password is ever shown.',
    access: ['admin'],
    input: syncEnrolInputSchema,
    output: syncEnrolmentSchema,
  }),
} as const;

export const syncEvents = {
  'sync.changed': event({
    summary: 'The sync status changed (a run started or ended, or local changes are waiting).',
    payload: syncStatusSchema,
  }),
} as const;
