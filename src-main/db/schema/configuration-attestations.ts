import { sql } from 'drizzle-orm';
import { check, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { rowVersionCheck, syncColumns } from './columns';
import { interviews } from './interviews';

/**
 * A kiosk's signed word that an interview ran under a configuration key,
 * written only by the hosted database (sync.attest_configurations) after it
 * checked the challenge, and pulled by laptops, which verify the Ed25519
 * signature against `public_key`: the key the device had registered when the
 * attestation was stored (docs/sync.md, "Proof of configuration").
 */
export const configurationAttestations = sqliteTable(
  'configuration_attestations',
  {
    ...syncColumns(),
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    /** The sync.devices id that signed: part of the signed message. */
    deviceId: text('device_id').notNull(),
    configurationKey: text('configuration_key').notNull(),
    challenge: text('challenge').notNull(),
    /** Ed25519 over the message of src-main/configuration/attestation-message.ts, base64. */
    signature: text('signature').notNull(),
    /** The device's public key (SPKI DER, base64) as registered when the server stored this row. */
    publicKey: text('public_key').notNull(),
    attestedAt: text('attested_at').notNull(),
  },
  (t) => [
    uniqueIndex('idx_configuration_attestations_interview').on(t.interviewId),
    check('configuration_attestations_key_check', sql.raw(`length("configuration_key") = 64`)),
    rowVersionCheck('configuration_attestations'),
  ],
);
