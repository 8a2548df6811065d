/**
 * The server's merge rule (docs/sync.md, "Merge rule"), for the one case the
 * device applies it itself: a pulled row that this device has changed and
 * not pushed yet. The device shows what the server will hold once the push
 * lands: the local values on top of the server's, with workflow states that
 * only move forward and tombstones that stay. Rows are keyed by SQL column.
 * tests/fixtures/merge-cases.ts holds the cases this and the server's
 * sync.merge_row are both tested against.
 */

import { isOperationName, namedOperations, OPERATION_BOOKKEEPING_FIELDS } from '../db/named-operations';

type Row = Record<string, unknown>;

interface Workflow {
  column: string;
  /** Rank of each state; equal ranks are terminal alternatives (the first one reached wins). */
  rank: Record<string, number>;
  terminal: number;
  /** Columns that belong to the state and stay with it. */
  companions: string[];
}

const workflows: Record<string, Workflow> = {
  resume_feedback: {
    column: 'status',
    rank: { draft: 0, pending_approval: 1, approved: 2, sent: 3 },
    terminal: 3,
    companions: ['approved_at', 'approved_by', 'sent_at'],
  },
  interviews: {
    column: 'status',
    rank: { scheduled: 0, in_progress: 1, completed: 2, abandoned: 2 },
    terminal: 2,
    companions: ['completed_at', 'duration_seconds'],
  },
  resumes: {
    column: 'parsing_status',
    rank: { pending: 0, processing: 1, completed: 2, failed: 2 },
    terminal: 2,
    companions: ['parsed_at', 'parsed_data', 'failure_reason'],
  },
};

/** The row the server will store when `incoming` arrives on top of `stored`. */
export function mergeRow(table: string, stored: Row, incoming: Row): Row {
  const merged: Row = { ...stored, ...incoming };
  const workflow = workflows[table];
  if (workflow && keepsStoredState(workflow, stored[workflow.column], incoming[workflow.column])) {
    for (const column of [workflow.column, ...workflow.companions]) {
      if (column in stored) merged[column] = stored[column];
    }
  }
  // The first deletion's time stays too, as sync.merge_row keeps it whatever arrives.
  if (stored.deleted_at != null) merged.deleted_at = stored.deleted_at;
  if (table === 'candidates' && isPlaceholderHash(incoming.password_hash) && !isPlaceholderHash(stored.password_hash) && stored.password_hash != null) {
    merged.password_hash = stored.password_hash;
  }
  const storedVersion = Number(stored.row_version ?? 0);
  const incomingVersion = Number(incoming.row_version ?? 0);
  merged.row_version = Math.max(storedVersion + 1, incomingVersion);
  return merged;
}

function keepsStoredState(workflow: Workflow, stored: unknown, incoming: unknown): boolean {
  const s = workflow.rank[String(stored)];
  const i = workflow.rank[String(incoming)];
  if (s === undefined || i === undefined) return false;
  if (i < s) return true;
  // Both terminal but different (completed vs abandoned): the first one reached stays.
  return i === s && s === workflow.terminal && stored !== incoming;
}

/** Laptops hold `!synced-without-password` for candidates; such a value never replaces a real hash. */
export function isPlaceholderHash(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('!');
}

export type OperationOutcome = { ok: true; row: Row } | { ok: false; reason: string };

/**
 * What the server stores when a named operation (named-operations.ts)
 * arrives on top of `stored`: its columns on top of the stored row, then the
 * merge rule above (states only forward, tombstones stay, row_version
 * grows). A column it does not carry keeps the stored value, so two
 * operations on different columns both stay; on the same column the later
 * arrival wins. Refused, with the reason the server records, when the name
 * is unknown, belongs to another table, or a column is not the operation's,
 * and when it would change the text of feedback already sent.
 * sync.merge_operation (functions/35_operations.sql) is the server's copy.
 */
export function mergeOperation(table: string, name: string, stored: Row, fields: Row, rowVersion: number): OperationOutcome {
  const refusal = operationRefusal(table, name, fields);
  if (refusal) return { ok: false, reason: refusal };
  const merged = mergeRow(table, stored, { ...stored, ...fields, row_version: rowVersion });
  const sent = sentFeedbackRefusal(table, stored, merged);
  return sent ? { ok: false, reason: sent } : { ok: true, row: merged };
}

/**
 * Feedback emailed to a candidate keeps the text that was emailed: once the
 * stored status is 'sent', a change of its text (an operation or a whole
 * row) is refused with this reason, on the server (sync.check_sent_feedback,
 * functions/35_operations.sql) as here. Null when the change may stand.
 * The server also refuses it once a device has claimed the email
 * (sync.check_claimed_feedback); a device cannot know of claims, so that
 * refusal comes back only in the push reply, and the pull brings the text.
 */
export function sentFeedbackRefusal(table: string, stored: Row, merged: Row): string | null {
  if (table !== 'resume_feedback' || stored.status !== 'sent' || merged.feedback_content === stored.feedback_content) return null;
  return 'This feedback was already emailed to the candidate, so its text can no longer be changed: the edit was not applied, and the feedback keeps the text that was sent.';
}

function operationRefusal(table: string, name: string, fields: Row): string | null {
  if (!isOperationName(name)) return `Unknown operation ${name}: the app that sent it and the hosted database disagree on the named operations; nothing was changed.`;
  const operation = namedOperations[name];
  if (operation.table !== table) return `Operation ${name} changes ${operation.table} rows, not ${table}.`;
  const allowed: readonly string[] = operation.fields;
  const changed = Object.keys(fields).filter((column) => column !== 'id' && !(OPERATION_BOOKKEEPING_FIELDS as readonly string[]).includes(column));
  const foreign = changed.filter((column) => !allowed.includes(column)).sort();
  if (foreign.length > 0) return `Operation ${name} may not change ${foreign.join(', ')} (it changes only ${allowed.join(', ')}).`;
  if (changed.length === 0) return `Operation ${name} carries none of its columns (${allowed.join(', ')}).`;
  return null;
}
