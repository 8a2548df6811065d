import { describe, expect, it } from 'vitest';
import { id, pull, push, rows, upsert, useSyncDatabase } from './support';

const db = useSyncDatabase();

describe('consent_records on the hosted database', () => {
  it('takes a kiosk’s answers to the notice; laptops receive every one, other kiosks none', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const otherKiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const candidate = rows.candidate();
    const proctor = rows.recruiter(id(), { role: 'proctor' });
    const sitting = rows.proctorSitting(candidate.id, proctor.id);
    const declined = rows.consentRecord(candidate.id, id(), { choice: 'decline', sitting_id: sitting.id });
    const consented = rows.consentRecord(candidate.id, id(), { choice: 'consent', answered_at: '2026-11-26T04:00:00.000Z' });
    await push(laptop, [upsert(1, 'recruiters', proctor)]);
    const pushed = await push(kiosk, [
      upsert(1, 'candidates', candidate),
      upsert(2, 'proctor_sittings', sitting),
      upsert(3, 'consent_records', declined),
      upsert(4, 'consent_records', consented),
    ]);
    expect(pushed).toMatchObject({ applied: 4, rejected: [] });

    const received = (await pull(laptop)).changes.filter((change) => change.table === 'consent_records').map((change) => change.row);
    expect(received).toEqual([declined, consented]);
    expect((await pull(otherKiosk)).changes.filter((change) => change.table === 'consent_records')).toEqual([]);
    expect((await pull(kiosk)).changes.filter((change) => change.table === 'consent_records')).toHaveLength(2);
  });

  it('refuses a row that is not an answer to a notice, naming the rule it breaks', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const candidate = rows.candidate();
    const result = await push(kiosk, [
      upsert(1, 'candidates', candidate),
      upsert(2, 'consent_records', rows.consentRecord(candidate.id, id(), { choice: 'maybe' })),
      upsert(3, 'consent_records', rows.consentRecord(candidate.id, id(), { notice_sha256: 'short' })),
      upsert(4, 'consent_records', rows.consentRecord(id())),
    ]);
    expect(result.applied).toBe(1);
    expect(result.rejected.map((r) => r.seq)).toEqual([2, 3, 4]);
    expect(result.rejected[0]!.reason).toMatch(/consent_records_choice_check/);
    expect(result.rejected[1]!.reason).toMatch(/consent_records_notice_sha256_check/);
    expect(result.rejected[2]!.reason).toMatch(/candidate|foreign key|parent/i);
  });
});
