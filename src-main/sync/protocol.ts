import { z } from 'zod';
import type { OperationName } from '../db/named-operations';
import type { SyncedTableName } from '../db/synced-tables';

/**
 * The device's view of the hosted database's replies (docs/sync.md). Every
 * reply is checked here before anything acts on it: a server on another
 * version, or a bug on either side, fails loudly as a `server` error instead
 * of writing half-understood rows into the device's database.
 */

export { HOSTED_SCHEMA_VERSION as SYNC_SCHEMA_VERSION } from './hosted-db/schema-version';

const uuid = z.string().uuid();
const count = z.number().int().min(0);

export const helloReplySchema = z.object({
  deviceId: uuid,
  name: z.string(),
  kind: z.enum(['kiosk', 'laptop']),
  lastAppliedSeq: count,
  serverTime: z.string(),
  schemaVersion: z.number().int(),
});
export type HelloReply = z.infer<typeof helloReplySchema>;

export const pushReplySchema = z.object({
  lastAppliedSeq: count,
  applied: count,
  skipped: count,
  rejected: z.array(z.object({ seq: z.number().int().min(1), reason: z.string() })),
});
export type PushReply = z.infer<typeof pushReplySchema>;

/** Opaque to the device: stored as the server sent it and handed back on the next pull. */
export const pullCursorSchema = z.object({ txid: z.string(), id: z.number().int() });
export type PullCursor = z.infer<typeof pullCursorSchema>;

/**
 * Only the envelope is checked here: each column's value is checked where it
 * is turned into a SQLite value (row-shape.ts: JSON columns against their
 * zod schemas) and by the table's constraints. Walking every key of every
 * row here as well cost a tenth of a large pull.
 */
export const pulledChangeSchema = z.object({
  table: z.string(),
  row: z.custom<Record<string, unknown>>(
    (row) => typeof row === 'object' && row !== null && !Array.isArray(row) && typeof (row as { id?: unknown }).id === 'string',
    'a pulled row must be an object with an id',
  ),
});
export type PulledChange = z.infer<typeof pulledChangeSchema>;

export const pullReplySchema = z.object({
  changes: z.array(pulledChangeSchema),
  cursor: pullCursorSchema.nullable(),
  hasMore: z.boolean(),
  serverTime: z.string(),
});
export type PullReply = z.infer<typeof pullReplySchema>;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const missingFilesReplySchema = z.object({
  missing: z.array(z.object({ hash: sha256, received: z.coerce.number().int().min(0) })),
});
export type MissingFilesReply = z.infer<typeof missingFilesReplySchema>;

/** bigint comes back as a JSON number from jsonb; coerce in case a server sends it as text. */
export const putChunkReplySchema = z.object({ received: z.coerce.number().int().min(0), complete: z.boolean() });
export type PutChunkReply = z.infer<typeof putChunkReplySchema>;

export const autoApproveReplySchema = z.object({ approved: z.array(uuid) });

/**
 * sync.claim_delivery: 'claimed' (this device emails it), 'taken' (another
 * device does), 'not_current' (the text this device holds is not the stored
 * one: nothing claimed, ask again after the next pull).
 */
export const DELIVERY_CLAIM_ANSWERS = ['claimed', 'taken', 'not_current'] as const;
export type DeliveryClaimAnswer = (typeof DELIVERY_CLAIM_ANSWERS)[number];
export const isDeliveryClaimAnswer = (value: unknown): value is DeliveryClaimAnswer =>
  (DELIVERY_CLAIM_ANSWERS as readonly unknown[]).includes(value);

const configurationKey = sha256;

/** sync.attestation_challenge: a challenge only when something waits for an attestation. */
export const attestationChallengeReplySchema = z.object({
  challenge: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  expiresAt: z.string().nullable(),
  signingKey: z.string().nullable(),
  pending: z.array(z.object({ interviewId: uuid, configurationKey })),
});
export type AttestationChallengeReply = z.infer<typeof attestationChallengeReplySchema>;

export const registerSigningKeyReplySchema = z.object({ registeredAt: z.string() });

export const reportDeviceHealthReplySchema = z.object({ reportedAt: z.string() });

/**
 * sync.exchange: the replies of hello, pull, attestation_challenge and
 * report_device_health in one. `health` is null when the report was not
 * stored (none sent, or the page brought rows: the device reports at the
 * end of its run), and says why when the server refused it.
 */
export const exchangeReplySchema = z.object({
  hello: helloReplySchema,
  pull: pullReplySchema,
  attestation: attestationChallengeReplySchema,
  health: z.union([reportDeviceHealthReplySchema, z.object({ refused: z.string() })]).nullable(),
});
export type ExchangeReply = z.infer<typeof exchangeReplySchema>;

export const attestReplySchema = z.object({
  stored: count,
  alreadyAttested: count,
  refused: z.array(z.object({ interviewId: uuid, reason: z.string() })),
});
export type AttestReply = z.infer<typeof attestReplySchema>;

/** One signed entry of sync.attest_configurations. */
export interface Attestation {
  interviewId: string;
  configurationKey: string;
  /** Ed25519, base64 (src-main/configuration/attestation-message.ts). */
  signature: string;
}

/** One local write as the server replays it, in the device's order. */
export type Mutation = RowMutation | OperationMutation;

interface MutationBase {
  seq: number;
  table: SyncedTableName;
  rowId: string;
  rowVersion: number;
}

/** An insert, a delete, or a change the app's machinery made: the whole row, merged by the merge rule. */
export interface RowMutation extends MutationBase {
  op: 'upsert' | 'delete';
  /** The whole row keyed by SQL column name (the outbox payload). */
  row: Record<string, unknown>;
}

/** An edit a person made (named-operations.ts), merged field by field. */
export interface OperationMutation extends MutationBase {
  op: 'operation';
  operation: OperationName;
  /** The row's id and only the columns the operation changed (and updated_at), keyed by SQL column name. */
  row: Record<string, unknown>;
}

/** Pages and batches: the server caps a pull at 5000; 200 keeps one push transaction short. */
export const PUSH_BATCH = 200;
export const PULL_PAGE = 500;
export const FILE_CHUNK_BYTES = 256 * 1024;
