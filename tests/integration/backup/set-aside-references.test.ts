import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreBackup } from '../../../src-main/backup/restore-backup';
import { SetAsideAwareReferences } from '../../../src-main/backup/set-aside-references';
import { ContentStore } from '../../../src-main/files/content-store';
import { ContentStoreSweep } from '../../../src-main/files/content-store-sweep';
import { OrphanFileCleanup } from '../../../src-main/jobs/orphan-file-cleanup';
import { FileReferenceRepository } from '../../../src-main/repositories/file-reference-repository';
import { FakeClock, migrationsDir } from '../../support/test-app';
import { recordingLogger, useTempDirs } from '../db/support';
import { deviceIn, makerFor } from './support';

const temp = useTempDirs();
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A device restored from a backup after it recorded an answer: the recording
 * is named only by the database the restore set aside. Two days pass (the
 * cleanup's age), on the real clock the file times are on.
 */
async function restoredAfterRecording() {
  const clock = new FakeClock(new Date());
  const device = deviceIn(temp, clock);
  const made = await makerFor(device, clock).maker.make({ count: 7, intervalHours: 24 });
  if (!made.ok) throw new Error(made.problem);
  const store = new ContentStore(device.dataDir);
  const recording = await store.put(randomBytes(4096));
  device.store.sqlite.prepare("INSERT INTO sync_state (key, value, updated_at) VALUES ('test.recording', ?, '2026-01-01T00:00:00Z')").run(recording.relativePath);
  device.store.close();
  const restored = restoreBackup({ dataDir: device.dataDir, backup: made.backup.path, now: clock.now(), migrationsDir });
  if (!restored.ok || !restored.keptAs) throw new Error('not restored');
  const old = new Date(Date.now() - 2 * DAY_MS);
  utimesSync(store.absolutePath(recording.relativePath), old, old);
  const database = temp.open(join(device.dataDir, 'kiosk.sqlite'));
  const logger = recordingLogger();
  const cleanup = new OrphanFileCleanup({
    references: new SetAsideAwareReferences(new FileReferenceRepository(database), device.dataDir),
    files: new ContentStoreSweep(device.dataDir, store),
    clock,
    logger,
  });
  return { dataDir: device.dataDir, setAside: restored.keptAs, cleanup, onDisk: () => existsSync(store.absolutePath(recording.relativePath)) };
}

describe('the content store cleanup after a restore', () => {
  it('keeps a file only the database set aside names while that database is there, and deletes it once it is gone', async () => {
    const device = await restoredAfterRecording();
    expect(await device.cleanup.run()).toMatchObject({ deleted: 0 });
    expect(device.onDisk()).toBe(true);

    // IT has looked through it and moved it away: the file is an orphan like any other.
    renameSync(device.setAside, join(temp.make(), 'kept-elsewhere.sqlite'));
    expect(await device.cleanup.run()).toMatchObject({ deleted: 1 });
    expect(device.onDisk()).toBe(false);
  });

  it('deletes nothing while a database set aside cannot be read to say what it names', async () => {
    const device = await restoredAfterRecording();
    writeFileSync(device.setAside, 'not a database any more');
    await expect(device.cleanup.run()).rejects.toMatchObject({ code: 'SET_ASIDE_UNREADABLE' });
    expect(device.onDisk()).toBe(true);
  });
});
