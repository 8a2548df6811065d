import { JobNotReadyError } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { DeliveryGate } from '../resumes/feedback-delivery';
import type { AutoApprovalSource } from '../resumes/feedback-writer';
import type { AnswerAudioSource } from '../assessment/review-service';
import { hashOfPath } from '../sync/file-sync';
import { SyncError } from '../sync/sync-errors';
import type { SyncService } from '../sync/sync-service';
import type { SyncStateStore } from '../sync/sync-state-store';

/**
 * The hosted database as the referee for things two devices must not both
 * do: send the same email, or auto-approve on clocks that disagree. Built on
 * one short connection per call; each answers 'standalone' (or null) when
 * sync is not configured, so a lone device keeps working as before.
 *
 * These adapters fit ports the resume and review features declare to sync;
 * they live in the composition root because features do not import each other.
 */

const claimedKey = (feedbackId: string) => `delivery.claimed:${feedbackId}`;
/** How long an email waits for the hosted database before asking again. */
const OFFLINE_RETRY_MS = 60_000;

export function deliveryGate(sync: SyncService, state: SyncStateStore): DeliveryGate {
  return {
    async claim(feedbackId) {
      // A claim is asked once: a retry after a failed SMTP attempt must not find its own claim "taken".
      if (state.get(claimedKey(feedbackId)) !== null) return 'claimed';
      let won: boolean | null;
      try {
        won = await sync.withSession((session) => session.claimDelivery(feedbackId));
      } catch (error) {
        // Unreachable: wait (as long as it takes) rather than give up the email, or send it twice.
        if (error instanceof SyncError && error.kind === 'offline') {
          throw new JobNotReadyError(`${error.message} The email waits until the hosted database can be reached.`, OFFLINE_RETRY_MS);
        }
        throw error;
      }
      if (won === null) return 'standalone';
      if (won) state.set(claimedKey(feedbackId), 'claimed');
      return won ? 'claimed' : 'taken';
    },
  };
}

export function autoApprovalSource(sync: SyncService): AutoApprovalSource {
  return {
    approveDue: () => sync.withSession((session) => session.autoApproveDue()),
  };
}

export function answerAudioSource(sync: SyncService, logger: Logger): AnswerAudioSource {
  return {
    async fetch(relativePath) {
      const hash = hashOfPath(relativePath);
      if (!hash) return false;
      let stored: string | null;
      try {
        stored = await sync.withSession((session) => sync.files.fetch(session, hash, 'audio/wav'));
      } catch (error) {
        // KS004: the server does not have it (the recording device has not uploaded it yet).
        if (error instanceof SyncError && error.kind === 'bad_request') return false;
        throw error;
      }
      if (stored === null) return false;
      logger.info('answer audio downloaded from the hosted database', { hash });
      return true;
    },
  };
}
