import { describe, expect, it } from 'vitest';
import { id, pull, push, rows, upsert, useSyncDatabase } from './support';

const db = useSyncDatabase();

describe('self_identifications on the hosted database', () => {
  it('takes a kiosk’s voluntary answers, "not given" included; laptops receive every one, other kiosks none', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const otherKiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const candidate = rows.candidate();
    const answered = rows.selfIdentification(candidate.id);
    const notGiven = rows.selfIdentification(candidate.id, id(), { sex: null, race_ethnicity: null, answered_at: '2026-11-26T04:00:00.000Z' });
    expect(await push(kiosk, [upsert(1, 'candidates', candidate), upsert(2, 'self_identifications', answered), upsert(3, 'self_identifications', notGiven)])).toMatchObject({
      applied: 3,
      rejected: [],
    });

    expect((await pull(laptop)).changes.filter((change) => change.table === 'self_identifications').map((change) => change.row)).toEqual([answered, notGiven]);
    expect((await pull(otherKiosk)).changes.filter((change) => change.table === 'self_identifications')).toEqual([]);
  });

  it('refuses a category outside the EEO-1 lists, naming the rule it breaks', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const candidate = rows.candidate();
    const result = await push(kiosk, [
      upsert(1, 'candidates', candidate),
      upsert(2, 'self_identifications', rows.selfIdentification(candidate.id, id(), { sex: 'unknown' })),
      upsert(3, 'self_identifications', rows.selfIdentification(candidate.id, id(), { race_ethnicity: 'martian' })),
    ]);
    expect(result.applied).toBe(1);
    expect(result.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/self_identifications_sex_check/), expect.stringMatching(/self_identifications_race_ethnicity_check/)]);
  });
});
