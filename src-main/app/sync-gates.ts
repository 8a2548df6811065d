import { sha256Hex } from '../audit/chain';
import { JobNotReadyError } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { DeliveryGate } from '../resumes/feedback-delivery';
import type { WebhookDeliveryGate } from '../webhooks/webhook-delivery';
import type { AutoApprovalSource } from '../resumes/feedback-writer';
import type { AnswerAudioSource } from '../assessment/review-service';
import { hashOfPath } from '../sync/file-sync';
import type { DeliveryClaimAnswer } from '../sync/protocol';
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
/** How long an email whose text is older than the hosted database's waits for a sync to bring the current one. */
const NOT_CURRENT_RETRY_MS = 60_000;

/**
 * One claim, asked of the hosted database until it is won: the answer is
 * remembered as `remembered` (the claimed text's hash for an email), so a
 * retry after a failed send never finds its own claim "taken".
 * Unreachable, or with this device's text not yet the current one, the
 * work waits (as long as it takes) rather than be given up or done twice.
 */
async function claimOnce(
  sync: SyncService,
  state: SyncStateStore,
  key: string,
  remembered: string,
  ask: (session: SyncSession) => Promise<DeliveryClaimAnswer>,
  what: string,
): Promise<'claimed' | 'taken' | 'standalone'> {
  if (state.get(key) === remembered) return 'claimed';
  let answer: DeliveryClaimAnswer | null;
  try {
    answer = await sync.withSession(ask);
  } catch (error) {
    // No verified TLS to the server (until IT fixes it) is, for a claim, the server not reachable yet.
    if (error instanceof SyncError && (error.kind === 'offline' || error.kind === 'insecure')) {
      throw new JobNotReadyError(`${error.message} The ${what} waits until the hosted database can be reached.`, OFFLINE_RETRY_MS);
    }
    throw error;
  }
  if (answer === null) return 'standalone';
  if (answer === 'not_current') {
    throw new JobNotReadyError(
      `The hosted database holds a newer text of this ${what} than this device: it is not sent until the next sync brings that text here.`,
      NOT_CURRENT_RETRY_MS,
    );
  }
  if (answer === 'claimed') state.set(key, remembered);
  return answer;
}

/**
 * The email sends the text the hosted database holds: the claim carries the
 * sha-256 of the text this device would send, and is granted only when it is
 * the stored one (after which the server refuses edits of it).
 */
export function deliveryGate(sync: SyncService, state: SyncStateStore): DeliveryGate {
  return {
    claim: (feedbackId, content) => {
      const contentSha256 = sha256Hex(content);
      return claimOnce(sync, state, `delivery.claimed:${feedbackId}`, contentSha256, (session) => session.claimDelivery(feedbackId, contentSha256), 'feedback email');
    },
  };
}

/** The same referee for webhook events (issue 21): one device sends each event to each subscription. */
export function webhookDeliveryGate(sync: SyncService, state: SyncStateStore): WebhookDeliveryGate {
  return {
    claim: (subscriptionId, eventId) =>
      claimOnce(
        sync,
        state,
        `webhook.claimed:${subscriptionId}:${eventId}`,
        'claimed',
        async (session) => ((await session.claimWebhookDelivery(subscriptionId, eventId)) ? 'claimed' : 'taken'),
        'webhook',
      ),
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
