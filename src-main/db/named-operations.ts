import type { SyncedTableName } from './synced-tables';

/**
 * The edits people make to rows that already exist, by name (docs/sync.md,
 * "Named operations"). Each is pushed as the operation with only the columns
 * it changed, and the hosted database applies it field by field
 * (migrations/postgres/functions/35_operations.sql holds the same list): two
 * devices that change different columns of one row offline both keep their
 * change, where a whole-row upsert would make the later arrival overwrite the
 * earlier one's columns with the values it was edited from.
 *
 * `fields` are what the operation may change (SQL column names); a mutation
 * carries a non-empty subset of them, plus `updated_at`, which every
 * operation may carry. Inserts, deletes and the writes of the app's own
 * machinery (scoring, parsing, interviews running at a kiosk) stay row
 * upserts.
 */
export const namedOperations = {
  'feedback.edit_text': { table: 'resume_feedback', fields: ['feedback_content'] },
  'feedback.approve': { table: 'resume_feedback', fields: ['status', 'approved_by', 'approved_at'] },
  'feedback.mark_sent': { table: 'resume_feedback', fields: ['status', 'sent_at'] },
  'staff.sign_in': { table: 'recruiters', fields: ['failed_login_count', 'locked_until', 'last_login_at'] },
  'staff.set_pin': { table: 'recruiters', fields: ['pin_hash'] },
  'candidate.sign_in': { table: 'candidates', fields: ['failed_login_count', 'locked_until', 'last_login_at'] },
  'sitting.add_note': { table: 'proctor_sittings', fields: ['notes'] },
  'sitting.update': {
    table: 'proctor_sittings',
    fields: ['status', 'paused_at', 'paused_ms', 'lock_reason', 'interview_id', 'ended_at', 'ended_by', 'end_reason'],
  },
  'webhook.update_subscription': {
    table: 'integration_webhooks',
    fields: [
      'name',
      'webhook_url',
      'event_types',
      'is_active',
      'webhook_secret',
      'secret_generation',
      'previous_secret_until',
      'delivering_device_id',
      'failing_since',
      'disabled_reason',
      'last_triggered_at',
    ],
  },
} as const satisfies Record<string, { table: SyncedTableName; fields: readonly string[] }>;

export type OperationName = keyof typeof namedOperations;

/** Every operation may carry the device's updated_at with its fields (the later arrival's stays, as for any field). */
export const OPERATION_BOOKKEEPING_FIELDS = ['updated_at'] as const;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(namedOperations, name);
}
