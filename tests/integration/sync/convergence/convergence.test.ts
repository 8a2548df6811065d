import { SECTIONS_BEFORE_DECIDING } from '../../../../shared/domain/review-views';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../../src-main/files/content-store';
import { InterviewRepository } from '../../../../src-main/repositories/interview-repository';
import { ResumeFeedbackRepository } from '../../../../src-main/repositories/resume-feedback-repository';
import { ResumeRepository } from '../../../../src-main/repositories/resume-repository';
import { StoredFileRepository } from '../../../../src-main/repositories/stored-file-repository';
import { syncedTables, type SyncedTableName } from '../../../../src-main/db/synced-tables';
import type { Mutation, PushReply } from '../../../../src-main/sync/protocol';
import { PgSyncTransport, type SyncSession } from '../../../../src-main/sync/sync-transport';
import { tableShape, toLocalValues } from '../../../../src-main/sync/row-shape';
import { CLAIMED_TEXT_REFUSAL, SENT_TEXT_REFUSAL } from '../../../fixtures/merge-cases';
import { synthesizeWav } from '../../../fixtures/fake-openai/index';
import { useTestPostgres } from '../../../support/postgres';
import { seededRandom, seedFromEnvironment, type SeededRandom } from '../../../support/seeded-random';
import { startTcpProxy, type TcpProxy } from '../../../support/tcp-proxy';
import { strongPassword } from '../../../support/test-app';
import { asOwner, enrolledDevice, hostedDatabase, withCalls, type Device } from '../hosted-support';

/**
 * Several devices, a real Postgres, and a network that misbehaves: random
 * offline periods, connections cut in the middle of a reply (a TCP proxy on
 * loopback), pushes delivered twice or out of order, and apps that die just
 * after the server applied their push. Afterwards every device must hold
 * exactly what the server says it may see, and every change must have taken
 * effect once. Kiosks and laptops edit the same feedback concurrently (the
 * text on both, the approval on laptops): each column must end with the
 * value of its last writer by arrival at the server, which the test learns
 * from the server's last_applied_seq around every push. SYNC_TEST_SEED=<n>
 * replays a run.
 */

interface Station {
  name: string;
  device: Device;
  proxy: TcpProxy;
  /** The staff account that acts on a laptop. */
  staffId: string | null;
  /** What the next sync does to this device's pushes. */
  fault: 'none' | 'duplicate' | 'reorder' | 'die-after-push';
}

interface Expected {
  candidates: number;
  interviews: number;
  messages: number;
  decisions: number;
  approvals: Set<string>;
}

const STEPS = 120;

/** What actually happened in a run, printed with the seed and checked: a run that planted no fault proves nothing. */
const happened: Record<string, number> = {};
const tally = (what: string) => {
  happened[what] = (happened[what] ?? 0) + 1;
};

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** A stored value in a comparable form: JSON text parsed (jsonb does not keep key order), numbers as numbers. */
function comparable(value: unknown): unknown {
  if (typeof value === 'string' && /^[[{]/.test(value)) {
    try {
      return canonical(JSON.parse(value));
    } catch {
      return value;
    }
  }
  return value;
}

function rowsEqual(local: Record<string, unknown>, server: Record<string, unknown>): boolean {
  return Object.keys(server).every((column) => JSON.stringify(comparable(local[column])) === JSON.stringify(comparable(server[column])));
}

/** Everything the server lets this device see, read afresh from the start of the change log (straight, not through the proxy). */
async function serverView(station: Station, databaseUrl: string): Promise<Map<string, Record<string, unknown>>> {
  const endpoint = new URL(station.device.app.services.settings.get().sync.endpoint);
  endpoint.port = new URL(databaseUrl).port;
  const password = await station.device.app.services.secrets.get('sync-device-credential');
  const session = await new PgSyncTransport({ endpoint: endpoint.toString(), password: password! }).open();
  const rows = new Map<string, Record<string, unknown>>();
  try {
    let cursor = null;
    for (;;) {
      const page = await session.pull(cursor, 1000);
      for (const change of page.changes) {
        const shape = tableShape(change.table)!;
        rows.set(`${change.table}:${String(change.row['id'])}`, toLocalValues(shape, change.row));
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
  } finally {
    await session.close();
  }
  return rows;
}

function localView(station: Station): Map<string, Record<string, unknown>> {
  const rows = new Map<string, Record<string, unknown>>();
  for (const table of Object.keys(syncedTables) as SyncedTableName[]) {
    for (const row of station.device.app.database.sqlite.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
      rows.set(`${table}:${String(row['id'])}`, row);
    }
  }
  return rows;
}

/**
 * What reached the server, in the order it arrived: around every push call
 * the server's last_applied_seq of every device is read, and the mutations
 * each device sent under the seqs that moved are appended. Reading every
 * device's, not only the pusher's, places a push whose reply was cut (applied
 * while the device heard nothing) before whatever arrives next.
 */
class ArrivalLog {
  readonly arrivals: Mutation[] = [];
  /** Where each granted email claim falls among the arrivals: it freezes the text of what arrives from there on. */
  readonly claimedAt = new Map<string, number>();
  /** Seqs the server applied whose mutation no push call of the test carried: must stay 0, or the order above is not the server's. */
  unknown = 0;
  private readonly applied = new Map<string, number>();
  private readonly sent = new Map<string, Map<number, Mutation>>();

  constructor(private readonly url: string) {}

  sending(deviceId: string, mutations: Mutation[]): void {
    const bySeq = this.sent.get(deviceId) ?? new Map<number, Mutation>();
    for (const mutation of mutations) bySeq.set(mutation.seq, mutation);
    this.sent.set(deviceId, bySeq);
  }

  /** Before a claim is asked: everything applied so far arrived before it. */
  async claiming(): Promise<number> {
    await this.settle();
    return this.arrivals.length;
  }

  claimed(feedbackId: string, at: number): void {
    if (!this.claimedAt.has(feedbackId)) this.claimedAt.set(feedbackId, at);
  }

  async settle(): Promise<void> {
    for (const device of await asOwner<{ id: string; last_applied_seq: string }>(this.url, 'SELECT id, last_applied_seq FROM sync.devices ORDER BY id')) {
      const last = Number(device.last_applied_seq);
      for (let seq = (this.applied.get(device.id) ?? 0) + 1; seq <= last; seq++) {
        const mutation = this.sent.get(device.id)?.get(seq);
        if (mutation) this.arrivals.push(mutation);
        else this.unknown++;
      }
      this.applied.set(device.id, last);
    }
  }
}

interface FeedbackColumns {
  feedback_content: unknown;
  status: unknown;
  approved_by: unknown;
}

/**
 * Each feedback's columns as their last writers by arrival left them: the
 * text of the last insert or text edit, the approver of the last approval
 * that arrived before the feedback was sent (a later one never moves it
 * back), sent once a sending arrived. A text edit that arrives after a
 * device claimed the email, or after the sending, and changes the text is
 * refused (the record keeps the text that was emailed): `refused` lists
 * those edits, `reasons` why each was.
 */
function lastWriters(arrivals: Mutation[], claimedAt: ReadonlyMap<string, number>): { rows: Map<string, FeedbackColumns>; refused: Mutation[]; reasons: string[] } {
  const rows = new Map<string, FeedbackColumns>();
  const refused: Mutation[] = [];
  const reasons: string[] = [];
  for (const [index, mutation] of arrivals.entries()) {
    if (mutation.table !== 'resume_feedback') continue;
    const row = mutation.row;
    const current = rows.get(mutation.rowId);
    if (mutation.op === 'upsert' && !current) {
      rows.set(mutation.rowId, { feedback_content: row['feedback_content'], status: row['status'], approved_by: row['approved_by'] });
      continue;
    }
    if (!current || mutation.op !== 'operation') throw new Error(`feedback ${mutation.rowId} changed by a whole row (${mutation.op}): the column check cannot follow it`);
    if (mutation.operation === 'feedback.edit_text') {
      const claimed = (claimedAt.get(mutation.rowId) ?? Infinity) <= index;
      const reason = current.status === 'sent' ? SENT_TEXT_REFUSAL : claimed ? CLAIMED_TEXT_REFUSAL : null;
      if (reason !== null && row['feedback_content'] !== current.feedback_content) {
        refused.push(mutation);
        reasons.push(reason);
      } else current.feedback_content = row['feedback_content'];
    }
    if (mutation.operation === 'feedback.approve' && current.status !== 'sent') {
      current.status = 'approved';
      current.approved_by = row['approved_by'];
    }
    if (mutation.operation === 'feedback.mark_sent') current.status = 'sent';
  }
  return { rows, refused, reasons };
}

/** Pushes as the chosen fault delivers them; the real server answers. */
function faultySession(station: Station, inner: SyncSession, log: ArrivalLog): SyncSession {
  return withCalls(inner, {
    async push(mutations) {
      log.sending(station.device.deviceId, mutations);
      await log.settle();
      try {
        return await faultyPush(station, inner, mutations);
      } finally {
        await log.settle();
      }
    },
    async claimDelivery(feedbackId, contentSha256) {
      const at = await log.claiming();
      const answer = await inner.claimDelivery(feedbackId, contentSha256);
      if (answer === 'claimed') log.claimed(feedbackId, at);
      return answer;
    },
  });
}

async function faultyPush(station: Station, inner: SyncSession, mutations: Mutation[]): Promise<PushReply> {
  const fault = station.fault;
  station.fault = 'none';
  if (fault !== 'none') tally(`push ${fault}`);
  if (fault === 'duplicate') {
    await inner.push(mutations);
    return inner.push(mutations);
  }
  if (fault === 'reorder' && mutations.length > 1) {
    const half = Math.ceil(mutations.length / 2);
    // The later half first: a gap, so the server applies none of it.
    await inner.push(mutations.slice(half));
    await inner.push(mutations.slice(0, half));
    return inner.push(mutations);
  }
  if (fault === 'die-after-push') {
    await inner.push(mutations);
    // Applied on the server; the app dies before it can mark its outbox.
    setImmediate(() => station.device.restart());
    throw new Error('test: the app died before the reply was recorded');
  }
  return inner.push(mutations);
}

describe('sync convergence under a misbehaving network', () => {
  const postgres = useTestPostgres();
  const stations: Station[] = [];
  afterEach(async () => {
    for (const station of stations.splice(0)) {
      station.device.close();
      await station.proxy.close();
    }
  });

  it('brings every device and the server to the same state, each change applied exactly once', async () => {
    const rng: SeededRandom = seededRandom(seedFromEnvironment('SYNC_TEST_SEED'));
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const port = Number(new URL(url).port);
    const log = new ArrivalLog(url);
    for (const [name, kind] of [
      ['kiosk-a', 'kiosk'],
      ['kiosk-b', 'kiosk'],
      ['laptop-a', 'laptop'],
      ['laptop-b', 'laptop'],
    ] as const) {
      const proxy = await startTcpProxy(port);
      const device = await enrolledDevice(url, kind, { name, viaPort: proxy.port });
      const station: Station = { name, device, proxy, staffId: null, fault: 'none' };
      device.network.wrap = (session) => faultySession(station, session, log);
      stations.push(station);
    }
    const expected: Expected = { candidates: 0, interviews: 0, messages: 0, decisions: 0, approvals: new Set() };
    const kiosks = stations.filter((station) => station.device.kind === 'kiosk');
    const laptops = stations.filter((station) => station.device.kind === 'laptop');
    for (const laptop of laptops) {
      const admin = await laptop.device.app.dispatch(
        'setup.createFirstAdmin',
        { email: `admin-${laptop.name}@example.com`, password: strongPassword, fullName: `Admin ${laptop.name}` },
        { windowId: 'staff', trustedSender: true },
      );
      if (!admin.ok) throw new Error(admin.error.message);
      laptop.staffId = (admin.data as { id: string }).id;
    }

    const repositories = (station: Station) => {
      const database = station.device.app.database;
      return {
        interviews: new InterviewRepository(database),
        resumes: new ResumeRepository(database),
        feedback: new ResumeFeedbackRepository(database),
        files: new StoredFileRepository(database),
        store: new ContentStore(station.device.dataDir),
      };
    };
    const localCandidates = (station: Station) =>
      station.device.app.database.sqlite.prepare('SELECT id FROM candidates WHERE password_hash NOT LIKE ?').all('!%') as { id: string }[];

    const operations: Record<string, (station: Station) => Promise<void>> = {
      async register(kiosk) {
        const n = ++expected.candidates;
        const window = { windowId: `kiosk-${n}`, trustedSender: true };
        const result = await kiosk.device.app.dispatch('auth.registerCandidate', { email: `candidate-${n}@example.com`, password: strongPassword, fullName: `Candidate ${n}` }, window);
        if (!result.ok) throw new Error(result.error.message);
        await kiosk.device.app.dispatch('auth.signOut', {}, window);
      },
      async interview(kiosk) {
        const candidate = localCandidates(kiosk)[0];
        if (!candidate) return;
        const repo = repositories(kiosk);
        const now = new Date().toISOString();
        const { interview, session } = repo.interviews.create({
          candidateId: candidate.id,
          resumeId: null,
          roleType: 'react',
          startedAt: now,
          session: { conversationMemory: { turns: [] }, currentDifficultyLevel: 'warmup', skillBoundariesIdentified: {}, progressionState: {}, lastActivityAt: now },
        });
        expected.interviews++;
        const question = repo.interviews.appendMessage({ interviewId: interview.id, sessionId: session.id, message: { messageType: 'ai_question', contentText: 'What does useEffect clean up?' }, session: {} });
        const audio = await repo.store.put(synthesizeWav(rng.int(200, 1200)));
        repo.interviews.appendMessage({
          interviewId: interview.id,
          sessionId: session.id,
          message: { messageType: 'candidate_response', contentText: `Answer ${rng.int(1, 1000)}`, contentAudioUrl: audio.relativePath, metadata: { questionMessageId: question.message.id } },
          session: {},
          file: { contentHash: audio.hash, relativePath: audio.relativePath, sizeBytes: audio.size, mediaType: 'audio/wav' },
        });
        expected.messages += 2;
        // Finished offline on this kiosk: completed, and it may never move back.
        repo.interviews.finish(interview.id, { status: 'completed', completedAt: new Date().toISOString(), durationSeconds: 600 });
      },
      async feedback(kiosk) {
        const candidate = localCandidates(kiosk)[0];
        if (!candidate) return;
        const repo = repositories(kiosk);
        const file = await repo.store.put(Buffer.from(`%PDF-1.4 resume ${rng.int(1, 1e9)}`));
        repo.files.record({ contentHash: file.hash, relativePath: file.relativePath, sizeBytes: file.size, mediaType: 'application/pdf' });
        const resume = repo.resumes.create({ candidateId: candidate.id, fileUrl: file.relativePath, fileName: 'cv.pdf', fileSize: file.size });
        repo.resumes.markCompleted(resume.id, { summary: 'A developer.' });
        const generatedAt = new Date();
        repo.feedback.createPending({
          resumeId: resume.id,
          feedbackContent: 'Thank you for your resume; here is what stood out to us.',
          identifiedGaps: [],
          recommendedResources: [],
          generatedAt: generatedAt.toISOString(),
          autoSendAt: new Date(generatedAt.getTime() + 4 * 3_600_000).toISOString(),
        });
      },
      async editFeedback(station) {
        const pending = repositories(station).feedback.list('pending_approval');
        if (pending.length === 0) return;
        station.device.app.services.resumes.updateFeedback(rng.pick(pending).id, `Edited on ${station.name}, version ${rng.int(1, 1e6)}, with care.`);
      },
      async approve(laptop) {
        const pending = repositories(laptop).feedback.list('pending_approval');
        if (pending.length === 0) return;
        const chosen = rng.pick(pending);
        laptop.device.app.services.resumes.approveFeedback(chosen.id, laptop.staffId!);
        expected.approvals.add(chosen.id);
      },
      async decide(laptop) {
        const done = laptop.device.app.database.sqlite.prepare("SELECT id FROM interviews WHERE status = 'completed'").all() as { id: string }[];
        if (done.length === 0) return;
        const interviewId = rng.pick(done).id;
        // A person decides only after seeing the evidence (issue 18): the recruiter opens the scores and the transcript first.
        for (const section of SECTIONS_BEFORE_DECIDING) laptop.device.app.services.reviews.viewed(interviewId, laptop.staffId!, section);
        laptop.device.app.services.reviews.decide(interviewId, laptop.staffId!, rng.pick(['advance', 'hold', 'reject'] as const), 'Decided during the test.');
        expected.decisions++;
      },
    };
    const kioskOps = ['register', 'register', 'interview', 'feedback', 'editFeedback'];
    const laptopOps = ['approve', 'decide', 'editFeedback'];

    /**
     * Planted, so every run has one: a feedback both a kiosk and a laptop hold
     * pending; the kiosk edits its text while the laptop approves it, neither
     * having synced, then both sync in a random order.
     */
    const plantedEdits: { feedbackId: string; text: string }[] = [];
    const concurrentEdit = async () => {
      const kiosk = rng.pick(kiosks);
      const laptop = rng.pick(laptops);
      for (const station of [kiosk, laptop]) station.proxy.setOffline(false);
      if (localCandidates(kiosk).length === 0) await operations['register']!(kiosk);
      await operations['feedback']!(kiosk);
      await kiosk.device.app.services.sync.syncNow();
      await laptop.device.app.services.sync.syncNow();
      const onLaptop = new Set(repositories(laptop).feedback.list('pending_approval').map((row) => row.id));
      const shared = repositories(kiosk).feedback.list('pending_approval').filter((row) => onLaptop.has(row.id));
      if (shared.length === 0) return;
      const feedbackId = rng.pick(shared).id;
      const text = `Edited on ${kiosk.name} while ${laptop.name} approved, ${rng.int(1, 1e6)}.`;
      kiosk.device.app.services.resumes.updateFeedback(feedbackId, text);
      laptop.device.app.services.resumes.approveFeedback(feedbackId, laptop.staffId!);
      expected.approvals.add(feedbackId);
      plantedEdits.push({ feedbackId, text });
      for (const station of rng.chance(0.5) ? [kiosk, laptop] : [laptop, kiosk]) await station.device.app.services.sync.syncNow();
      tally('planted concurrent edit');
    };

    const sync = async (station: Station) => {
      const cut = rng.chance(0.2);
      if (cut) station.proxy.cutAfterServerBytes(rng.int(20, 3000));
      try {
        const status = await station.device.app.services.sync.syncNow();
        tally(status.lastError ? `sync failed (${cut ? 'cut' : status.state})` : 'sync ok');
      } finally {
        station.proxy.cutAfterServerBytes(null);
      }
    };

    // Besides the random faults, each kind is planted in turn on a kiosk with a fresh change to push, so every run has all of them.
    const planted = ['duplicate', 'reorder', 'die-after-push', 'cut'] as const;
    await log.settle();
    for (let step = 0; step < STEPS; step++) {
      if (step % 20 === 12) {
        await concurrentEdit();
        continue;
      }
      if (step % 10 === 5) {
        const kiosk = rng.pick(kiosks);
        const fault = planted[Math.floor(step / 10) % planted.length]!;
        kiosk.proxy.setOffline(false);
        await operations['register']!(kiosk);
        tally('register');
        if (fault === 'cut') {
          // Cut during the push's reply: the server applied it, the device never heard.
          kiosk.proxy.cutAfterServerBytes(rng.int(20, 400));
          const status = await kiosk.device.app.services.sync.syncNow();
          kiosk.proxy.cutAfterServerBytes(null);
          tally(status.lastError ? 'sync failed (cut)' : 'sync ok');
        } else {
          kiosk.fault = fault;
          await kiosk.device.app.services.sync.syncNow();
        }
        continue;
      }
      const station = rng.pick(stations);
      const roll = rng.next();
      if (roll < 0.1) {
        station.proxy.setOffline(!rng.chance(0.5));
      } else if (roll < 0.2) {
        station.fault = rng.pick(['duplicate', 'reorder', 'die-after-push'] as const);
      } else if (roll < 0.5) {
        await sync(station);
      } else {
        const op = station.device.kind === 'kiosk' ? rng.pick(kioskOps) : rng.pick(laptopOps);
        await operations[op]!(station);
        tally(op);
      }
    }
    // A restart may still be on its way from a fault above.
    await new Promise((resolve) => setImmediate(resolve));
    console.log('what happened:', JSON.stringify(happened));
    expect(happened['push duplicate'] ?? 0, 'duplicated pushes').toBeGreaterThan(0);
    expect(happened['push reorder'] ?? 0, 'reordered pushes').toBeGreaterThan(0);
    expect(happened['push die-after-push'] ?? 0, 'apps dying after a push').toBeGreaterThan(0);
    expect(Object.keys(happened).filter((key) => key.startsWith('sync failed')).length, 'failed syncs').toBeGreaterThan(0);
    expect(plantedEdits.length, 'planted concurrent edits').toBeGreaterThan(0);

    // The network heals; everyone syncs until nothing moves.
    for (const station of stations) {
      station.proxy.setOffline(false);
      station.fault = 'none';
    }
    for (let round = 0; round < 4; round++) {
      for (const station of stations) {
        await station.device.app.jobRunner.drain();
        const status = await station.device.app.services.sync.syncNow();
        expect(status.lastError, `${station.name} after round ${round}`).toBeNull();
      }
    }

    // Every device holds exactly what the server lets it see.
    for (const station of stations) {
      const server = await serverView(station, url);
      const local = localView(station);
      const missing = [...server.keys()].filter((key) => !local.has(key));
      const extra = [...local.keys()].filter((key) => !server.has(key));
      expect(missing, `${station.name} lacks rows the server has`).toEqual([]);
      expect(extra, `${station.name} holds rows the server does not give it`).toEqual([]);
      const differing = [...server.entries()].filter(([key, row]) => !rowsEqual(local.get(key)!, row)).map(([key]) => key);
      expect(differing, `${station.name} rows that differ from the server`).toEqual([]);
    }

    // Exactly once: counts match what was done, and every device's queue is acknowledged (refusals: below, with the columns).
    const count = async (sql: string) => Number((await asOwner<{ n: string }>(url, sql))[0]!.n);
    expect(await count('SELECT count(*) AS n FROM candidates')).toBe(expected.candidates);
    expect(await count('SELECT count(*) AS n FROM interviews')).toBe(expected.interviews);
    expect(await count('SELECT count(*) AS n FROM interview_messages')).toBe(expected.messages);
    expect(await count('SELECT count(*) AS n FROM interview_decisions')).toBe(expected.decisions);
    for (const station of stations) {
      const pending = station.device.app.database.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox WHERE pushed_at IS NULL').get() as { n: number };
      expect(pending.n, `${station.name} still has changes waiting`).toBe(0);
    }
    // Column by column, each feedback holds what its last writer by arrival wrote; the planted edits kept both sides.
    await log.settle();
    expect(log.unknown, 'seqs applied that no push carried').toBe(0);
    const { rows: writers, refused, reasons } = lastWriters(log.arrivals, log.claimedAt);
    // Refused: exactly the text edits that arrived after the email was claimed or sent, nothing else.
    const rejections = await asOwner<{ row_id: string; reason: string }>(url, 'SELECT row_id, reason FROM sync.rejections ORDER BY at, seq');
    expect(rejections.map((r) => [r.row_id, r.reason]).sort()).toEqual(refused.map((m, index) => [m.rowId, reasons[index]]).sort());
    const feedbackOnServer = await asOwner<FeedbackColumns & { id: string }>(url, 'SELECT id, feedback_content, status, approved_by FROM resume_feedback ORDER BY id');
    expect(feedbackOnServer.length).toBe(writers.size);
    for (const row of feedbackOnServer) expect({ ...row, id: undefined }, `feedback ${row.id}`).toEqual({ ...writers.get(row.id), id: undefined });
    for (const planted of plantedEdits) {
      const row = feedbackOnServer.find((candidate) => candidate.id === planted.feedbackId)!;
      // Approved, by this laptop unless another one's approval arrived later (the column check above says whose).
      expect(['approved', 'sent']).toContain(row.status);
      // The kiosk's text, unless a later edit of the text arrived after it, or the email was claimed or sent before it arrived (then it was refused).
      const writes = log.arrivals.filter(
        (m) => m.rowId === planted.feedbackId && (m.op === 'upsert' || (m.op === 'operation' && m.operation === 'feedback.edit_text' && !refused.includes(m))),
      );
      const lastText = writes.at(-1);
      expect(row.feedback_content).toBe(lastText?.row['feedback_content']);
      if (refused.some((m) => m.rowId === planted.feedbackId && m.row['feedback_content'] === planted.text)) tally('planted edit refused: the email was claimed first');
      if (lastText?.row['feedback_content'] === planted.text) tally('planted edit kept to the end');
    }
    console.log('feedback columns checked:', JSON.stringify({ rows: feedbackOnServer.length, arrivals: log.arrivals.length, refusedEdits: refused.length, ...happened }));

    // Approvals made offline are never undone, and no email went out twice.
    for (const id of expected.approvals) {
      const [row] = await asOwner<{ status: string }>(url, 'SELECT status FROM resume_feedback WHERE id = $1', [id]);
      expect(['approved', 'sent']).toContain(row!.status);
    }
    const mails = stations.flatMap((station) => station.device.mails.map((mail) => mail.messageId));
    expect(new Set(mails).size).toBe(mails.length);
    // Every completed interview stayed completed.
    expect(await count("SELECT count(*) AS n FROM interviews WHERE status <> 'completed'")).toBe(0);
    expect(expected.candidates).toBeGreaterThan(0);
  });
});
