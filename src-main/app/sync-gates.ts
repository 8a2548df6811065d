import { JobNotReadyError } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { DeliveryGate } from '../resumes/feedback-delivery';
import type { WebhookDeliveryGate } from '../webhooks/webhook-delivery';
import type { AutoApprovalSource } from '../resumes/feedback-writer';
import type { AnswerAudioSource } from '../assessment/review-service';
import { hashOfPath } from '../sync/file-sync';
import { SyncError } from '../sync/sync-errors';
import type { SyncService } from '../sync/sync-service';
import type { SyncStateStore } from '../sync/sync-state-store';
import type { SyncSession } from '../sync/sync-transport';

/**
 * The hosted database as the referee for things two devices must not both
 * do: send the same email, or auto-approve on clocks that disagree. Built on
 * one short connection per call; each answers 'standalone' (or null) when
 * sync is not configured, so a lone device keeps working as before.
 *
 * These adapters fit ports the resume and review features declare to sync;
 * they live in the composition root because features do not import each other.
 */

/** How long an email or a webhook waits for the hosted database before asking again. */
const OFFLINE_RETRY_MS = 60_000;

/**
 * One claim, asked of the hosted database once: the answer is remembered,
 * so a retry after a failed send never finds its own claim "taken".
 * Unreachable, the work waits (as long as it takes) rather than be given
 * up or done twice.
 */
async function claimOnce(
  sync: SyncService,
  state: SyncStateStore,
  key: string,
  ask: (session: SyncSession) => Promise<boolean>,
  what: string,
): Promise<'claimed' | 'taken' | 'standalone'> {
  if (state.get(key) !== null) return 'claimed';
  let won: boolean | null;
  try {
    won = await sync.withSession(ask);
  } catch (error) {
    // No verified TLS to the server (until IT fixes it) is, for a claim, the server not reachable yet.
    if (error instanceof SyncError && (error.kind === 'offline' || error.kind === 'insecure')) {
      throw new JobNotReadyError(`${error.message} The ${what} waits until the hosted database can be reached.`, OFFLINE_RETRY_MS);
    }
    throw error;
  }
  if (won === null) return 'standalone';
  if (won) state.set(key, 'claimed');
  return won ? 'claimed' : 'taken';
}

export function deliveryGate(sync: SyncService, state: SyncStateStore): DeliveryGate {
  return { claim: (feedbackId) => claimOnce(sync, state, `delivery.claimed:${feedbackId}`, (session) => session.claimDelivery(feedbackId), 'email') };
}

/** The same referee for webhook events (issue 21): one device sends each event to each subscription. */
export function webhookDeliveryGate(sync: SyncService, state: SyncStateStore): WebhookDeliveryGate {
  return {
    claim: (subscriptionId, eventId) =>
      claimOnce(sync, state, `webhook.claimed:${subscriptionId}:${eventId}`, (session) => session.claimWebhookDelivery(subscriptionId, eventId), 'webhook'),
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
