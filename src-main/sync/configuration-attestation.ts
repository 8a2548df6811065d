import { signAttestation } from '../configuration/attestation-message';
import type { DeviceSigningKey } from '../configuration/signing-key';
import type { Logger } from '../logging/logger-types';
import type { Attestation, AttestationChallengeReply } from './protocol';
import type { SyncSession } from './sync-transport';

export interface ConfigurationAttestationDeps {
  signingKey: Pick<DeviceSigningKey, 'get'>;
  /** The key this device recorded when the interview started; null when it recorded none. */
  recordedKey: (interviewId: string) => string | null;
  logger: Logger;
}

type AttestationSession = Pick<SyncSession, 'attestationChallenge' | 'registerSigningKey' | 'attestConfigurations'>;

/**
 * The sync run's proof of configuration (docs/sync.md): after the push, so
 * the server holds the interviews' recorded configurations, sign each one
 * still unattested over a fresh challenge. It never fails the run: the data
 * matters more than its proof, and what is not attested now is offered again
 * by the server at the next run.
 */
export class ConfigurationAttestation {
  constructor(private readonly deps: ConfigurationAttestationDeps) {}

  /** `offer`: the one sync.exchange brought, instead of asking for a challenge. */
  async run(session: AttestationSession, deviceId: string, offer?: AttestationChallengeReply): Promise<void> {
    try {
      await this.attest(session, deviceId, offer ?? (await session.attestationChallenge()));
    } catch (error) {
      this.deps.logger.warn('configuration attestation failed; it is tried again at the next sync', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async attest(session: AttestationSession, deviceId: string, offer: AttestationChallengeReply): Promise<void> {
    if (offer.challenge === null || offer.pending.length === 0) return;
    const key = await this.deps.signingKey.get();
    // Also when another key is registered: the server refuses it with what IT must do, which the catch logs.
    if (offer.signingKey !== key.publicKey) await session.registerSigningKey(key.publicKey);
    const { challenge } = offer;
    const attestations: Attestation[] = [];
    for (const { interviewId, configurationKey } of offer.pending) {
      // The device vouches only for what it recorded itself, whatever the server lists.
      if (this.deps.recordedKey(interviewId) !== configurationKey) {
        this.deps.logger.warn('the hosted database lists a configuration this device did not record; not attested', { interviewId });
        continue;
      }
      attestations.push({ interviewId, configurationKey, signature: signAttestation(key.privateKey, { challenge, deviceId, interviewId, configurationKey }) });
    }
    if (attestations.length === 0) return;
    const reply = await session.attestConfigurations(challenge, attestations);
    for (const refusal of reply.refused) this.deps.logger.warn('an attestation was refused', { interviewId: refusal.interviewId, reason: refusal.reason });
    this.deps.logger.info('configurations attested', { stored: reply.stored, alreadyAttested: reply.alreadyAttested });
  }
}
