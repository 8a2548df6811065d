import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/run-cli';
import { AuditRepository } from '../../../src-main/repositories/audit-repository';
import { FakeClock } from '../../support/test-app';
import { useTempDirs } from '../db/support';

const temp = useTempDirs();
const DAY_MS = 24 * 60 * 60 * 1000;

/** A device database (the app's file name in a data folder) holding `count` entries of one chain. */
function deviceWithEntries(count: number, clock = new FakeClock()) {
  const dataDir = temp.make();
  const store = temp.open(join(dataDir, 'kiosk.sqlite'));
  const audit = new AuditRepository(store, 'kiosk-front-desk', clock);
  for (let n = 1; n <= count; n += 1) audit.append({ kind: 'ai_call', interviewId: null, payload: { purpose: 'scoring', n } });
  return { dataDir, store, audit, clock };
}

async function verify(dataDir: string) {
  let out = '';
  let err = '';
  const code = await runCli(['audit', 'verify', '--data-dir', dataDir], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

describe('npm run cli -- audit verify', () => {
  it('reports an intact chain with its entries and sequences, and exits 0', async () => {
    const { dataDir } = deviceWithEntries(4);
    expect(await verify(dataDir)).toEqual({ code: 0, out: 'device kiosk-front-desk: chain intact: 4 entries (sequences 1–4)\n', err: '' });
  });

  it('names the sequence whose payload was changed in the file, and exits 1', async () => {
    const { dataDir, store } = deviceWithEntries(4);
    store.sqlite.prepare(`UPDATE audit_entries SET payload = '{"n":3,"purpose":"resumeParsing"}' WHERE sequence = 3`).run();
    const result = await verify(dataDir);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^device kiosk-front-desk: chain BROKEN at sequence 3 \(payload_changed\)/);
  });

  it('names the gap a deleted entry leaves', async () => {
    const { dataDir, store } = deviceWithEntries(4);
    store.sqlite.prepare('DELETE FROM audit_entries WHERE sequence = 2').run();
    const result = await verify(dataDir);
    expect(result.code).toBe(1);
    expect(result.err).toContain('chain BROKEN at sequence 2 (missing): entry 2 is missing (a gap before entry 3)');
  });

  it('checks from the retention anchor after a prune, and still sees a later deletion', async () => {
    const { dataDir, store, audit, clock } = deviceWithEntries(3);
    clock.advance(200 * DAY_MS);
    audit.append({ kind: 'ai_call', interviewId: null, payload: { purpose: 'interview' } });
    expect(audit.prune(new Date(clock.now().getTime() - 183 * DAY_MS).toISOString())).toMatchObject({ throughSequence: 3, removed: 3 });
    expect(await verify(dataDir)).toMatchObject({ code: 0, out: 'device kiosk-front-desk: chain intact: 2 entries (sequences 4–5)\n' });
    store.sqlite.prepare('DELETE FROM audit_entries WHERE sequence = 4').run();
    expect((await verify(dataDir)).err).toContain('chain BROKEN at sequence 4 (missing)');
  });

  it('says so when the data folder holds no device database', async () => {
    const result = await verify(temp.make());
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/No device database at .*kiosk\.sqlite/);
  });
});
