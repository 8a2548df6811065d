import type { ErasureReceipt } from '../../shared/domain/erasure';
import { AppFailure } from '../common/app-failure';
import type { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import type { CandidateSummary, ErasureRepository, ErasureRequestRecord, ErasureStep } from '../repositories/erasure-repository';
import type { WebhookEventInput, WebhookEventRecorder } from '../repositories/webhook-repository';

export interface ErasureServiceDeps {
  repository: Pick<ErasureRepository, 'addRequest' | 'unfinished' | 'start' | 'keepPendingFiles' | 'finish' | 'receipts' | 'receipt' | 'requestFor' | 'candidate' | 'checkpoint'>;
  store: Pick<ContentStore, 'remove'>;
  /** This install: where a request was made, and who confirms. */
  deviceId: string;
  /** Signs the candidate out on this device once they are erased. */
  signOut: (candidateId: string) => void;
  logger: Logger;
  /** Webhooks (issue 21): candidate.erased, written with the request, on the device where it is made. */
  webhookEvents?: WebhookEventRecorder;
}

/** How many receipts the staff screen lists. */
const RECEIPT_LIMIT = 200;

/**
 * A candidate's erasure (issue 18, point 4). A request is a synced row; each
 * device carries out every request it holds (its own at once, the others'
 * after the sync that brings them), and confirms it only once the rows are
 * gone AND the files deleted. The hosted database carries it out as it
 * stores the request. The receipt is the request and the confirmations: who
 * asked, when, what each device removed, never a name or content.
 */
export class ErasureService {
  /** One run at a time: a sync and a request may both ask for one. */
  private running: Promise<number> = Promise.resolve(0);

  constructor(private readonly deps: ErasureServiceDeps) {}

  /** The live candidate with this email on this device, for an admin to erase. */
  findCandidate(email: string): CandidateSummary | null {
    return this.deps.repository.candidate({ email });
  }

  /** An admin asks, naming the candidate and typing their email as this device holds it. */
  async requestByAdmin(input: { candidateId: string; confirmEmail: string }, staffId: string): Promise<ErasureReceipt> {
    const candidate = this.deps.repository.candidate({ id: input.candidateId });
    if (!candidate) throw new AppFailure('not_found', 'No candidate with that id is on this device (or their data was already erased).');
    if (candidate.email !== input.confirmEmail.trim().toLowerCase()) {
      throw new AppFailure('invalid_input', 'The email typed is not this candidate’s: nothing was erased.', { confirmEmail: 'Type the candidate’s email exactly.' });
    }
    return this.request(input.candidateId, 'admin', staffId);
  }

  /** The candidate asks for themself, at a kiosk. */
  async requestByCandidate(candidateId: string): Promise<ErasureReceipt> {
    if (!this.deps.repository.candidate({ id: candidateId })) throw new AppFailure('not_found', 'Your data was already erased.');
    return this.request(candidateId, 'candidate', null);
  }

  receipts(): ErasureReceipt[] {
    return this.deps.repository.receipts(RECEIPT_LIMIT);
  }

  /**
   * Carries out every request this device holds and has not finished.
   * Returns how many it finished; a request whose files could not all be
   * deleted stays unfinished (and unconfirmed) until a later run.
   */
  executePending(): Promise<number> {
    const next = this.running.catch(() => 0).then(() => this.executeAll());
    this.running = next;
    return next;
  }

  private async request(candidateId: string, requestedBy: 'admin' | 'candidate', staffId: string | null): Promise<ErasureReceipt> {
    const earlier = this.deps.repository.requestFor(candidateId);
    // The event is the request's, not each erasure's: the devices that carry the request out (and the hosted database) record none.
    const request =
      earlier ??
      this.deps.repository.addRequest({ candidateId, requestedBy, requestedByStaffId: staffId, requestedOn: this.deps.deviceId }, (added, tx) =>
        this.deps.webhookEvents?.recordEvent(erasedEvent(added), tx),
      );
    this.deps.logger.info('erasure requested', { requestId: request.id, requestedBy });
    await this.executePending();
    this.deps.signOut(candidateId);
    return this.deps.repository.receipt(request.id)!;
  }

  private async executeAll(): Promise<number> {
    let finished = 0;
    for (const request of this.deps.repository.unfinished()) {
      const step = this.deps.repository.start(request);
      if (await this.deleteFiles(step)) {
        this.deps.repository.finish(step, this.deps.deviceId);
        finished++;
        this.deps.logger.info('erasure carried out on this device', { requestId: request.id, removed: step.removed });
      }
    }
    if (finished > 0) {
      // The removed rows' old pages live on in the WAL until a checkpoint.
      this.deps.repository.checkpoint();
    }
    return finished;
  }

  /** True when every file is gone; those that stay are kept listed for the next run. */
  private async deleteFiles(step: ErasureStep): Promise<boolean> {
    const left: string[] = [];
    for (const path of step.pendingFiles) {
      try {
        await this.deps.store.remove(path);
      } catch (error) {
        left.push(path);
        this.deps.logger.warn('a file of an erased candidate could not be deleted yet; trying again later', {
          requestId: step.requestId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    if (left.length > 0) this.deps.repository.keepPendingFiles(step.requestId, left);
    return left.length === 0;
  }
}

/**
 * What a hiring system is told of an erasure: the candidate's id, so it
 * deletes its copy. The row names no candidate (candidateId null): every
 * sync refuses a row that names an erased candidate (the hosted database's
 * sync.names_erased_row, and pull-applier.ts on a device), and this one
 * must reach the laptop that delivers it.
 */
function erasedEvent(request: ErasureRequestRecord): WebhookEventInput {
  return { type: 'candidate.erased', occurredAt: request.requestedAt, candidateId: null, data: { candidate: { id: request.candidateId } } };
}
