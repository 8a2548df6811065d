import type { Clock } from '../common/clock';
import type { ClaimedFile, ContentStoreSweep } from '../files/content-store-sweep';
import type { Logger } from '../logging/logger-types';
import type { FileReferenceRepository } from '../repositories/file-reference-repository';

/**
 * How long a file no row names is left alone. An answer being given, a
 * recording written while its transcript is awaited, a question's audio
 * before its row takes it: each is named within minutes, so a day is
 * far on the safe side.
 */
export const ORPHAN_MIN_AGE_MS = 24 * 60 * 60 * 1000;

export interface OrphanCleanupResult {
  /** Content files no row named, and temporary files an interrupted write left. */
  deleted: number;
  bytes: number;
  /** Claimed, then kept: a row or a write took them up while the cleanup ran. */
  keptAfterAll: number;
}

export interface OrphanFileCleanupDeps {
  references: Pick<FileReferenceRepository, 'referencedHashes' | 'forget'>;
  files: Pick<ContentStoreSweep, 'list' | 'claim' | 'release' | 'delete' | 'isPresent'>;
  clock: Clock;
  logger: Logger;
  minAgeMs?: number;
}

/**
 * Deletes content-store files that no row of the database names and that
 * nothing has written or reused for a day: segments of answers given again
 * or never saved, a recording whose row a crash kept from being written,
 * what an abandoned interview left (issue 19, point 5). What a row names,
 * in any table, stays; so does anything younger than the age.
 *
 * The steps keep a file a row is about to name: the references are read,
 * each candidate is renamed aside and looked at again (its time, refreshed
 * by a write that reused it; the references, read once more), and only then
 * are its rows forgotten and the file deleted. Counts go to the log, never
 * names, paths or hashes.
 */
export class OrphanFileCleanup {
  private readonly minAgeMs: number;

  constructor(private readonly deps: OrphanFileCleanupDeps) {
    this.minAgeMs = deps.minAgeMs ?? ORPHAN_MIN_AGE_MS;
  }

  /** `signal`: the app is shutting down; files claimed so far are still put back or deleted, no more are claimed. */
  async run(signal?: AbortSignal): Promise<OrphanCleanupResult> {
    const { files, references } = this.deps;
    const oldBefore = this.deps.clock.now().getTime() - this.minAgeMs;
    const entries = await files.list();
    const named = references.referencedHashes();
    const old = entries.filter((entry) => entry.modifiedMs < oldBefore);
    const temporary = old.filter((entry) => entry.hash === null);
    const claims: ClaimedFile[] = [];
    for (const entry of old) {
      if (signal?.aborted) break;
      if (entry.hash === null || named.has(entry.hash)) continue;
      const claim = await files.claim(entry);
      if (claim) claims.push(claim);
    }

    const namedNow = claims.length > 0 ? references.referencedHashes() : named;
    const doomed: ClaimedFile[] = [];
    let keptAfterAll = 0;
    for (const claim of claims) {
      if (claim.modifiedMs >= oldBefore || namedNow.has(claim.entry.hash!)) {
        await files.release(claim);
        keptAfterAll++;
      } else {
        doomed.push(claim);
      }
    }
    // Rows go only for a hash with no file under its name right now: one written afresh meanwhile keeps its row.
    references.forget(doomed.map((claim) => claim.entry.relativePath).filter((path) => !files.isPresent(path)));

    let deleted = 0;
    let bytes = 0;
    let failed = 0;
    for (const { relativePath, sizeBytes } of [
      ...doomed.map((claim) => ({ relativePath: claim.relativePath, sizeBytes: claim.entry.sizeBytes })),
      ...temporary,
    ]) {
      try {
        await files.delete(relativePath);
        deleted++;
        bytes += sizeBytes;
      } catch {
        // Left claimed: the next run puts it back under its name and judges it again.
        failed++;
      }
    }
    if (deleted > 0 || failed > 0 || keptAfterAll > 0) {
      this.deps.logger.info('files no row names deleted from the content store', { deleted, bytes, failed, keptAfterAll });
    }
    return { deleted, bytes, keptAfterAll };
  }
}
