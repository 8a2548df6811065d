import { describe, expect, it } from 'vitest';
import { id, pull, push, rows, sqlState, T0, upsert, useSyncDatabase, V, type Device, type PullResult } from './support';

const db = useSyncDatabase();

interface ExchangeReply {
  hello: { deviceId: string; lastAppliedSeq: number; schemaVersion: number };
  pull: PullResult;
  attestation: { challenge: string | null; expiresAt: string | null; signingKey: string | null; pending: { interviewId: string; configurationKey: string }[] };
  health: { reportedAt: string } | { refused: string } | null;
}

const report = { appVersion: '1.0.0', gatheredAt: '2026-12-07T09:00:00.000Z' };

function exchange(device: Device, cursor: PullResult['cursor'], limit: number, health: unknown): Promise<ExchangeReply> {
  return device.call<ExchangeReply>('exchange', cursor === null ? null : JSON.stringify(cursor), limit, health === null ? null : JSON.stringify(health));
}

const withoutTime = ({ serverTime: _serverTime, ...rest }: PullResult) => rest;

describe('sync.exchange', () => {
  it('answers what hello and pull answer, stores the report, and writes no challenge when nothing waits', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const candidate = rows.candidate();
    expect(await push(kiosk, [upsert(1, 'candidates', candidate), upsert(2, 'interviews', rows.interview(candidate.id))])).toMatchObject({ applied: 2 });
    await laptop.settle();

    const reply = await exchange(laptop, null, 1, report);
    expect(reply.hello).toEqual(await laptop.call('hello').then((hello) => ({ ...(hello as object), serverTime: expect.any(String) })));
    expect(reply.hello).toMatchObject({ deviceId: laptop.id, lastAppliedSeq: 0, schemaVersion: V });
    // The first page from the cursor, as sync.pull gives it: one row a page here, so more follow.
    expect(withoutTime(reply.pull)).toEqual(withoutTime(await pull(laptop, null, 1)));
    expect(reply.pull).toMatchObject({ changes: [{ table: 'candidates', row: { id: candidate.id } }], hasMore: true });
    expect(reply.attestation).toEqual({ challenge: null, expiresAt: null, signingKey: null, pending: [] });
    expect(await sync.admin.query('SELECT count(*)::int AS n FROM sync.attestation_challenges')).toMatchObject({ rows: [{ n: 0 }] });
    // A page with rows: the run is not through yet, so the report waits for the device to send it at its end.
    expect(reply.health).toBeNull();
    expect(await sync.admin.query('SELECT count(*)::int AS n FROM sync.device_health')).toMatchObject({ rows: [{ n: 0 }] });

    const rest = await exchange(laptop, reply.pull.cursor, 5, report);
    expect(withoutTime(rest.pull)).toEqual(withoutTime(await pull(laptop, reply.pull.cursor, 5)));
    expect(rest.health).toBeNull();
    // Nothing more to pull: the report is stored with the exchange.
    const done = await exchange(laptop, rest.pull.cursor, 5, report);
    expect(done.pull).toMatchObject({ changes: [], cursor: rest.pull.cursor, hasMore: false });
    expect(done.health).toEqual({ reportedAt: expect.stringMatching(/Z$/) });
    const stored = await sync.admin.query('SELECT device_id, report FROM sync.device_health');
    expect(stored.rows).toEqual([{ device_id: laptop.id, report }]);
    const seen = await sync.admin.query('SELECT last_seen_at IS NOT NULL AS seen FROM sync.devices WHERE id = $1', [laptop.id]);
    expect(seen.rows).toEqual([{ seen: true }]);
  });

  it('offers a challenge when an interview waits for its attestation', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const candidate = rows.candidate();
    const interview = rows.interview(candidate.id);
    const configuration = { id: id(), created_at: T0, updated_at: T0, row_version: 1, deleted_at: null, interview_id: interview.id, configuration_key: 'a'.repeat(64), configuration: { mode: 'kiosk' } };
    await push(kiosk, [upsert(1, 'candidates', candidate), upsert(2, 'interviews', interview), upsert(3, 'interview_configurations', configuration)]);

    await kiosk.settle();
    const reply = await exchange(kiosk, null, 500, null);
    expect(reply.attestation).toMatchObject({ challenge: expect.stringMatching(/^[0-9a-f]{64}$/), pending: [{ interviewId: interview.id, configurationKey: 'a'.repeat(64) }] });
    const challenges = await sync.admin.query('SELECT device_id, used_at FROM sync.attestation_challenges WHERE challenge = $1', [reply.attestation.challenge]);
    expect(challenges.rows).toEqual([{ device_id: kiosk.id, used_at: null }]);
    // No report sent, none stored.
    expect(reply.health).toBeNull();
    expect(await sync.admin.query('SELECT count(*)::int AS n FROM sync.device_health')).toMatchObject({ rows: [{ n: 0 }] });
  });

  it('a report the server refuses is answered as refused, keeps the last one, and costs nothing else', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    await exchange(kiosk, null, 500, report);
    const reply = await exchange(kiosk, null, 500, { pad: 'x'.repeat(17_000) });
    expect(reply.health).toEqual({ refused: 'A health report is at most 16 KB.' });
    expect(reply.hello.deviceId).toBe(kiosk.id);
    expect(reply.pull).toMatchObject({ changes: [], hasMore: false });
    expect((await sync.admin.query('SELECT report FROM sync.device_health')).rows).toEqual([{ report }]);
    expect((await exchange(kiosk, null, 500, [1])).health).toEqual({ refused: 'A health report is a JSON object.' });
  });

  it('refuses as the functions it is made of: a bad page, another schema version, a revoked device; nothing is stored', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    expect(await sqlState(exchange(kiosk, { txid: 'x', id: 1 } as unknown as PullResult['cursor'], 500, report))).toMatchObject({ code: 'KS004', message: expect.stringContaining('Bad cursor') });
    expect(await sqlState(exchange(kiosk, null, 0, report))).toMatchObject({ code: 'KS004' });
    expect(await sqlState(kiosk.client.query('SELECT sync.exchange($1, NULL, 500, NULL)', [V - 1]))).toMatchObject({ code: 'KS002' });
    expect(await sync.admin.query('SELECT count(*)::int AS n FROM sync.device_health')).toMatchObject({ rows: [{ n: 0 }] });
    await sync.admin.query('UPDATE sync.devices SET revoked_at = now() WHERE id = $1', [kiosk.id]);
    expect(await sqlState(exchange(kiosk, null, 500, report))).toMatchObject({ code: 'KS001' });
  });
});
