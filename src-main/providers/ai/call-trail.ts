import { createHash, type Hash } from 'node:crypto';
import type { ChatMessage } from './types';

/**
 * What the audit trail keeps of one provider call besides its usage: the
 * prompt template it was built from, and SHA-256 hashes of what was sent and
 * what came back, never the content itself (a candidate's words and voice
 * stay in their own tables, where retention and erasure reach them). Hashing
 * as the data passes keeps no copy in memory: a streamed answer or synthesis
 * is hashed chunk by chunk.
 */

/** The model snapshot the service reports, or why there is none. */
export interface ReportedSnapshot {
  snapshot: string | null;
  /** Set when snapshot is null: why the service gave none. */
  note: string | null;
}

export class CallTrail {
  private readonly input = createHash('sha256');
  private output: Hash | null = null;
  snapshot: ReportedSnapshot = { snapshot: null, note: 'the call ended before the service named a model' };

  addInput(data: string | Uint8Array): void {
    this.input.update(data);
  }

  addOutput(data: string | Uint8Array): void {
    (this.output ??= createHash('sha256')).update(data);
  }

  reported(snapshot: string | null | undefined, whenMissing: string): void {
    this.snapshot = snapshot ? { snapshot, note: null } : { snapshot: null, note: whenMissing };
  }

  /** Ends the hashing; call once. The output hash is null when nothing came back. */
  digest(): { inputSha256: string; outputSha256: string | null } {
    return { inputSha256: this.input.digest('hex'), outputSha256: this.output?.digest('hex') ?? null };
  }
}

/** Messages hashed as role/content pairs, so the hash does not depend on any other field an object might carry. */
export function messagesForHash(messages: readonly ChatMessage[]): string {
  return JSON.stringify(messages.map((message) => [message.role, message.content]));
}
