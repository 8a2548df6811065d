import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsPatchSchema } from '../../../shared/domain/settings';
import { verifyChains } from '../../../src-main/audit/chain';
import { AUDIT_PRUNE_JOB_KIND, AuditRetention } from '../../../src-main/jobs/audit-retention';
import { JobRunner } from '../../../src-main/jobs/job-runner';
import { AuditRepository } from '../../../src-main/repositories/audit-repository';
import { JobRepository } from '../../../src-main/repositories/job-repository';
import { FakeClock } from '../../support/test-app';
import { recordingLogger, useTempDirs } from '../db/support';

const temp = useTempDirs();
const DAY_MS = 24 * 60 * 60 * 1000;

describe('audit trail retention', () => {
  it('prunes entries older than the setting once a day, leaving an anchor from which the rest still verifies', async () => {
    const database = temp.open(join(temp.make(), 'kiosk.sqlite'));
    const clock = new FakeClock();
    const audit = new AuditRepository(database, 'kiosk-front-desk', clock);
    const jobs = new JobRepository(database, clock);
    let retentionDays = 365;
    const retention = new AuditRetention({ audit, jobs, retentionDays: () => retentionDays, clock, logger: recordingLogger() });
    const runner = new JobRunner({ database, jobs, handlers: retention.jobHandlers(), clock, logger: recordingLogger() });
    retention.schedule();

    for (const n of [1, 2]) audit.append({ kind: 'ai_call', interviewId: null, payload: { n } });
    clock.advance(300 * DAY_MS);
    audit.append({ kind: 'assessment', interviewId: 'i1', payload: { n: 3 } });
    expect(await runner.drain()).toBe(1);
    // Nothing is a year old yet: no entry removed, no anchor.
    expect(audit.allForVerification().map((entry) => entry.sequence)).toEqual([1, 2, 3]);

    // IT shortens retention to 200 days: the next daily run removes the two old entries and anchors the chain.
    retentionDays = 200;
    clock.advance(DAY_MS);
    expect(await runner.drain()).toBe(1);
    const kept = audit.allForVerification();
    expect(kept.map((entry) => [entry.sequence, entry.kind])).toEqual([
      [3, 'assessment'],
      [4, 'retention_prune'],
    ]);
    expect(JSON.parse(kept[1]!.payload)).toMatchObject({ throughSequence: 2, removed: 2 });
    expect(verifyChains(kept)).toEqual([{ deviceId: 'kiosk-front-desk', intact: true, entries: 2, first: 3, last: 4 }]);
    expect(jobs.listByKind(AUDIT_PRUNE_JOB_KIND, 'queued')[0]!.runAt).toBe(new Date(clock.now().getTime() + DAY_MS).toISOString());
  });

  it("removes copies of another device's entries once that device's anchor arrives, and its chain still verifies here", async () => {
    const database = temp.open(join(temp.make(), 'kiosk.sqlite'));
    const clock = new FakeClock();
    const jobs = new JobRepository(database, clock);
    const retention = new AuditRetention({ audit: new AuditRepository(database, 'laptop', clock), jobs, retentionDays: () => 365, clock, logger: recordingLogger() });
    const runner = new JobRunner({ database, jobs, handlers: retention.jobHandlers(), clock, logger: recordingLogger() });
    retention.schedule();
    // The kiosk's entries as sync brought them here, then the anchor its own prune of entries 1–2 left.
    const kiosk = new AuditRepository(database, 'kiosk-front-desk', clock);
    for (const n of [1, 2, 3]) kiosk.append({ kind: 'ai_call', interviewId: null, payload: { n } });
    const second = kiosk.allForVerification()[1]!;
    kiosk.append({ kind: 'retention_prune', interviewId: null, payload: { throughSequence: 2, throughHash: second.entryHash, removed: 2, cutoff: clock.now().toISOString() } });

    expect(await runner.drain()).toBe(1);
    const kept = kiosk.chainOf('kiosk-front-desk');
    expect(kept.map((entry) => entry.sequence)).toEqual([3, 4]);
    expect(verifyChains(kept)).toEqual([{ deviceId: 'kiosk-front-desk', intact: true, entries: 2, first: 3, last: 4 }]);
  });

  it('refuses a retention shorter than six months, saying why', () => {
    const refused = settingsPatchSchema.safeParse({ audit: { retentionDays: 182 } });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]!.message).toBe(
      'Audit trail retention must be a whole number of days from 183 to 3650 (at least six months, the least the law allows for records of AI decisions).',
    );
    expect(settingsPatchSchema.parse({ audit: { retentionDays: 183 } })).toEqual({ audit: { retentionDays: 183 } });
  });
});
