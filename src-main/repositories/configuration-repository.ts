import { and, desc, eq, isNull } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import type { ConfigurationSummary } from '../db/json-schemas';
import type { AppDatabase } from '../db/open-database';
import { insertSynced } from '../db/outbox';
import { approvedConfigurations, configurationAttestations, interviewConfigurations } from '../db/schema/index';
import { inTransaction, type MaybeTransaction } from './transaction';

export interface RecordedConfiguration {
  interviewId: string;
  configurationKey: string;
  configuration: ConfigurationSummary;
}

export type AttestationRecord = Pick<
  typeof configurationAttestations.$inferSelect,
  'interviewId' | 'deviceId' | 'configurationKey' | 'challenge' | 'signature' | 'publicKey' | 'attestedAt'
>;

export type ApprovedConfigurationRecord = Pick<typeof approvedConfigurations.$inferSelect, 'configurationKey' | 'configuration' | 'note' | 'approvedAt'>;

/**
 * The proof of configuration's rows: what an interview started under (this
 * device writes it), and the attestations and approvals only the hosted
 * database writes, which arrive here by pull.
 */
export class ConfigurationRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  record(configuration: RecordedConfiguration, tx?: MaybeTransaction): void {
    inTransaction(this.store, tx, (t) => insertSynced(t, interviewConfigurations, configuration, this.clock));
  }

  recordedFor(interviewId: string): RecordedConfiguration | null {
    const row = this.store.db
      .select({
        interviewId: interviewConfigurations.interviewId,
        configurationKey: interviewConfigurations.configurationKey,
        configuration: interviewConfigurations.configuration,
      })
      .from(interviewConfigurations)
      .where(and(eq(interviewConfigurations.interviewId, interviewId), isNull(interviewConfigurations.deletedAt)))
      .get();
    return row ?? null;
  }

  attestationFor(interviewId: string): AttestationRecord | null {
    const row = this.store.db
      .select({
        interviewId: configurationAttestations.interviewId,
        deviceId: configurationAttestations.deviceId,
        configurationKey: configurationAttestations.configurationKey,
        challenge: configurationAttestations.challenge,
        signature: configurationAttestations.signature,
        publicKey: configurationAttestations.publicKey,
        attestedAt: configurationAttestations.attestedAt,
      })
      .from(configurationAttestations)
      .where(and(eq(configurationAttestations.interviewId, interviewId), isNull(configurationAttestations.deletedAt)))
      .get();
    return row ?? null;
  }

  /** Live approvals, newest first. */
  approved(): ApprovedConfigurationRecord[] {
    return this.store.db
      .select({
        configurationKey: approvedConfigurations.configurationKey,
        configuration: approvedConfigurations.configuration,
        note: approvedConfigurations.note,
        approvedAt: approvedConfigurations.approvedAt,
      })
      .from(approvedConfigurations)
      .where(isNull(approvedConfigurations.deletedAt))
      .orderBy(desc(approvedConfigurations.approvedAt), desc(approvedConfigurations.id))
      .all();
  }
}
