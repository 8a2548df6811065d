import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentStore, type StoredContent } from '../../../src-main/files/content-store';
import { ContentStoreSweep } from '../../../src-main/files/content-store-sweep';
import { ORPHAN_MIN_AGE_MS, OrphanFileCleanup } from '../../../src-main/jobs/orphan-file-cleanup';
import { createLogger } from '../../../src-main/logging/logger';
import { FileReferenceRepository } from '../../../src-main/repositories/file-reference-repository';
import { StoredFileRepository } from '../../../src-main/repositories/stored-file-repository';
import { FakeClock, createTestApp, type TestApp } from '../../support/test-app';
import { seedCandidate } from '../erasure/support';

const DAY_MS = 24 * 60 * 60 * 1000;
const apps: TestApp[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) app.close();
});

/** A device on its real data folder, its clock at the real time (file times are the real clock's). */
async function device() {
  const clock = new FakeClock(new Date());
  const test = createTestApp({ clock });
  apps.push(test);
  // The retention round's first run (at start) is over before the test lays its files.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const store = new ContentStore(test.dataDir);
  const logLines: string[] = [];
  const cleanup = new OrphanFileCleanup({
    references: new FileReferenceRepository(test.app.database),
    files: new ContentStoreSweep(test.dataDir, store),
    clock,
    logger: createLogger({ sink: (line) => logLines.push(line) }),
  });
  const sqlite = test.app.database.sqlite;
  const storedFiles = new StoredFileRepository(test.app.database);
  return {
    test,
    clock,
    store,
    cleanup,
    logLines,
    sqlite,
    /** A file in the store with its stored_files row, as an answer segment is kept. */
    async put(bytes: Uint8Array = randomBytes(2048)): Promise<StoredContent> {
      const file = await store.put(bytes);
      storedFiles.record({ contentHash: file.hash, relativePath: file.relativePath, sizeBytes: file.size, mediaType: 'audio/wav' });
      return file;
    },
    /** Last written this long before the device's clock. */
    age(relativePath: string, ms: number): void {
      const when = new Date(clock.now().getTime() - ms);
      utimesSync(store.absolutePath(relativePath), when, when);
    },
    onDisk: (relativePath: string) => existsSync(store.absolutePath(relativePath)),
    rowFor: (hash: string) => sqlite.prepare('SELECT 1 FROM stored_files WHERE content_hash = ?').get(hash) !== undefined,
  };
}

const OLD = 2 * DAY_MS;

describe('orphan answer recordings', () => {
  it('deletes old files no row names, with their rows; keeps what rows name, fresh files and unknown files', async () => {
    const d = await device();
    const seeded = await seedCandidate(d.test, { email: 'otto.orphan@example.com', fullName: 'Otto Orphan', word: 'quokka' });
    for (const file of seeded.files) d.age(file.relativePath, OLD);

    // Segments of an answer given again: stored as they arrived, then never named by the saved answer.
    const oldSegment = await d.put();
    d.age(oldSegment.relativePath, OLD);
    d.sqlite.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)').run(`file.uploaded:${oldSegment.hash}`, '2026-01-01T00:00:00.000Z');
    // An answer being given right now: not named by any row yet, and young.
    const freshSegment = await d.put();
    // Just under the age: still left alone.
    const almostOld = await d.put();
    d.age(almostOld.relativePath, ORPHAN_MIN_AGE_MS - 60_000);
    // An answer in progress carried over a restart (answer_segments): named by hash and path there only.
    const keptSegment = await d.put();
    d.age(keptSegment.relativePath, OLD);
    const question = d.sqlite.prepare(`SELECT id FROM interview_messages WHERE interview_id = ? AND message_type = 'ai_question'`).get(seeded.interviewId) as { id: string };
    d.sqlite
      .prepare(
        `INSERT INTO answer_segments (id, interview_id, question_message_id, segment_index, started_after_question_ms, ended_after_question_ms, content_hash, relative_path)
         VALUES ('segment-1', ?, ?, 0, 100, 900, ?, ?)`,
      )
      .run(seeded.interviewId, question.id, keptSegment.hash, keptSegment.relativePath);
    // Named only inside a JSON document (a job's payload): any table, any text column counts.
    const inJob = await d.put();
    d.age(inJob.relativePath, OLD);
    d.sqlite
      .prepare(`INSERT INTO jobs (id, kind, payload, dedupe_key) VALUES ('job-1', 'test.kind', ?, NULL)`)
      .run(JSON.stringify({ recording: { hash: inJob.hash } }));
    // A write a crash cut off, and a file this code does not know.
    const folder = d.store.absolutePath(oldSegment.relativePath).slice(0, -62);
    const temporary = join(folder, `${'e'.repeat(62)}.${'1'.repeat(12)}.tmp`);
    writeFileSync(temporary, randomBytes(100));
    const stranger = join(folder, 'notes.txt');
    writeFileSync(stranger, 'not the store’s');
    for (const path of [temporary, stranger]) utimesSync(path, new Date(d.clock.now().getTime() - OLD), new Date(d.clock.now().getTime() - OLD));

    const result = await d.cleanup.run();

    expect(result).toEqual({ deleted: 2, bytes: oldSegment.size + 100, keptAfterAll: 0 });
    expect(d.onDisk(oldSegment.relativePath)).toBe(false);
    expect(existsSync(temporary)).toBe(false);
    expect(d.rowFor(oldSegment.hash)).toBe(false);
    expect(d.sqlite.prepare('SELECT 1 FROM sync_state WHERE key = ?').get(`file.uploaded:${oldSegment.hash}`)).toBeUndefined();
    for (const kept of [freshSegment, almostOld, keptSegment, inJob, ...seeded.files.map((file) => ({ ...file, size: 0 }))]) {
      expect(d.onDisk(kept.relativePath), kept.relativePath).toBe(true);
      expect(d.rowFor(kept.hash), kept.relativePath).toBe(true);
    }
    expect(existsSync(stranger)).toBe(true);
    expect(readdirSync(folder).some((name) => name.endsWith('.orphan'))).toBe(false);

    // Counts only: no path, no hash, no name.
    const logged = d.logLines.join('\n');
    expect(logged).toContain('files no row names deleted from the content store');
    expect(logged).toMatch(/"deleted":2/);
    expect(logged).not.toContain(oldSegment.hash.slice(2));
    expect(logged).not.toContain('Otto');

    // Nothing left to do.
    expect(await d.cleanup.run()).toEqual({ deleted: 0, bytes: 0, keptAfterAll: 0 });
  });

  it('keeps an old file the same bytes were written to again (a row is about to name it)', async () => {
    const d = await device();
    const bytes = randomBytes(1024);
    const reused = await d.put(bytes);
    d.age(reused.relativePath, OLD);
    // The same bytes again (two answers' identical silence): the store reuses the file and refreshes its time.
    await d.store.put(bytes);
    expect(statSync(d.store.absolutePath(reused.relativePath)).mtimeMs).toBeGreaterThan(d.clock.now().getTime() - ORPHAN_MIN_AGE_MS);
    expect(await d.cleanup.run()).toEqual({ deleted: 0, bytes: 0, keptAfterAll: 0 });
    expect(d.onDisk(reused.relativePath)).toBe(true);
  });

  it('runs on the daily retention round', async () => {
    const d = await device();
    const orphan = await d.put();
    d.age(orphan.relativePath, 0);
    // The round already ran at start (before the file was there) and waits for tomorrow.
    expect(d.sqlite.prepare(`SELECT status FROM jobs WHERE kind = 'retention.expire'`).all()).toEqual([{ status: 'queued' }]);
    expect(d.onDisk(orphan.relativePath)).toBe(true);
    // A day and a bit later the round runs again, and the orphan is by then a day old.
    d.clock.advance(DAY_MS + 60_000);
    d.test.app.jobRunner.wake();
    await expect.poll(() => d.test.logLines.join('\n'), { timeout: 5000 }).toContain('files no row names deleted from the content store');
    expect(d.onDisk(orphan.relativePath)).toBe(false);
    expect(d.rowFor(orphan.hash)).toBe(false);
  });
});

describe('the content store sweep', () => {
  it('puts back a claim a crash left, and a write during a claim finds no file and writes it afresh', async () => {
    const d = await device();
    const sweep = new ContentStoreSweep(d.test.dataDir, d.store);
    const bytes = randomBytes(512);
    const file = await d.put(bytes);
    const [entry] = (await sweep.list()).filter((listed) => listed.hash === file.hash);
    const claim = await sweep.claim(entry!);
    expect(claim).not.toBeNull();
    expect(d.onDisk(file.relativePath)).toBe(false);
    expect(sweep.isPresent(file.relativePath)).toBe(false);

    // A write of the same bytes while it is claimed: written again under its name.
    await d.store.put(bytes);
    expect(sweep.isPresent(file.relativePath)).toBe(true);
    await sweep.release(claim!);
    expect(d.onDisk(file.relativePath)).toBe(true);

    // Claimed, then the app stops: the next listing gives it its name back.
    const again = await sweep.claim(entry!);
    expect(d.onDisk(file.relativePath)).toBe(false);
    const listed = await sweep.list();
    expect(listed.map((item) => item.hash)).toContain(file.hash);
    expect(d.onDisk(file.relativePath)).toBe(true);
    expect(existsSync(d.store.absolutePath(again!.relativePath))).toBe(false);
    mkdirSync(join(d.test.dataDir, 'files', 'zz'), { recursive: true });
    expect((await sweep.list()).every((item) => item.relativePath.startsWith('files/') && !item.relativePath.startsWith('files/zz'))).toBe(true);
  });
});
