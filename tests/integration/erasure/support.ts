import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { insertSynced } from '../../../src-main/db/outbox';
import { assessmentResults, integrityEvents, interviewMessages, interviewSessions, interviews } from '../../../src-main/db/schema/index';
import { ContentStore } from '../../../src-main/files/content-store';
import { ResumeFeedbackRepository } from '../../../src-main/repositories/resume-feedback-repository';
import { ResumeRepository } from '../../../src-main/repositories/resume-repository';
import { StoredFileRepository } from '../../../src-main/repositories/stored-file-repository';
import { WebhookRepository } from '../../../src-main/repositories/webhook-repository';
import { asOwner, type Device } from '../sync/hosted-support';
import { strongPassword } from '../../support/test-app';

/** What a candidate left behind on a device, and the strings and hashes a scan looks for. */
export interface SeededCandidate {
  candidateId: string;
  interviewId: string;
  answerId: string;
  /** The interview.completed webhook event, naming them as a hiring system would be told. */
  webhookEventId: string;
  files: { hash: string; relativePath: string; mediaType: string }[];
  /** Name, email, a phrase of their transcript and one of their resume: none may remain after an erasure. */
  strings: string[];
}

const T0 = '2026-11-25T09:00:00.000Z';

/** An app on its data folder: a synced device (hosted-support.ts) or a lone test app. */
type OnDevice = Pick<Device, 'app' | 'dataDir'>;

/**
 * A candidate registered at a kiosk with a resume (its file, parsed data and
 * feedback) and a scored interview (a recorded answer, its transcript, the
 * assessment, an integrity event, the webhook event of its completion),
 * written through the real repositories and outbox, so they sync as the
 * app's own rows do.
 */
export async function seedCandidate(device: OnDevice, who: { email: string; fullName: string; word: string }): Promise<SeededCandidate> {
  const { database } = device.app;
  const candidate = await device.app.services.auth.registerCandidate({ email: who.email, password: strongPassword, fullName: who.fullName });
  const store = new ContentStore(device.dataDir);
  const resumePhrase = `${who.word} led the payments migration`;
  const transcriptPhrase = `I tuned the ${who.word} reconciler`;
  const resumeFile = await store.put(Buffer.from(`%PDF-1.4 ${who.fullName} ${who.email} ${resumePhrase} ${randomBytes(8).toString('hex')}`));
  const audioFile = await store.put(Buffer.concat([Buffer.from('RIFF'), randomBytes(4096)]));
  const storedFiles = new StoredFileRepository(database);
  storedFiles.record({ contentHash: resumeFile.hash, relativePath: resumeFile.relativePath, sizeBytes: resumeFile.size, mediaType: 'application/pdf' });
  storedFiles.record({ contentHash: audioFile.hash, relativePath: audioFile.relativePath, sizeBytes: audioFile.size, mediaType: 'audio/wav' });

  const resumes = new ResumeRepository(database);
  const resume = resumes.create({ candidateId: candidate.id, fileUrl: resumeFile.relativePath, fileName: `${who.fullName}.pdf`, fileSize: resumeFile.size });
  resumes.markCompleted(resume.id, { skills: ['react'], yearsOfExperience: 4, education: [], previousRoles: [], technicalDomains: [], summary: `${who.fullName}: ${resumePhrase}` });
  new ResumeFeedbackRepository(database).createPending({
    resumeId: resume.id,
    feedbackContent: `Dear ${who.fullName}, say more about how ${resumePhrase}.`,
    identifiedGaps: ['testing'],
    recommendedResources: [],
    generatedAt: T0,
    autoSendAt: '2099-01-01T00:00:00.000Z',
  });
  const { interviewId, answerId, webhookEventId } = database.db.transaction((tx) => {
    const interview = insertSynced(tx, interviews, { candidateId: candidate.id, resumeId: resume.id, roleType: 'react', status: 'completed', startedAt: T0, completedAt: T0 });
    const session = insertSynced(tx, interviewSessions, { interviewId: interview.id });
    const base = { interviewId: interview.id, sessionId: session.id };
    insertSynced(tx, interviewMessages, { ...base, sequenceNumber: 1, messageType: 'ai_question', contentText: 'How do you keep a reconciler fast?' });
    const answer = insertSynced(tx, interviewMessages, {
      ...base,
      sequenceNumber: 2,
      messageType: 'candidate_response',
      contentText: `${transcriptPhrase}, said ${who.fullName}.`,
      contentAudioUrl: audioFile.relativePath,
    });
    insertSynced(tx, assessmentResults, { interviewId: interview.id, overallScore: 70, skillScores: { react: 70 }, strengths: [`${transcriptPhrase}`], status: 'complete' });
    insertSynced(tx, integrityEvents, { interviewId: interview.id, kind: 'focus_lost', occurredAt: T0, details: { seconds: 3 } });
    const event = new WebhookRepository(database).recordEvent(
      {
        type: 'interview.completed',
        occurredAt: T0,
        candidateId: candidate.id,
        data: { candidate: { id: candidate.id, fullName: who.fullName, email: who.email }, interview: { id: interview.id, roleType: 'react', completedAt: T0 } },
      },
      tx,
    );
    return { interviewId: interview.id, answerId: answer.id, webhookEventId: event.id };
  });
  return {
    candidateId: candidate.id,
    interviewId,
    answerId,
    webhookEventId,
    files: [
      { hash: resumeFile.hash, relativePath: resumeFile.relativePath, mediaType: 'application/pdf' },
      { hash: audioFile.hash, relativePath: audioFile.relativePath, mediaType: 'audio/wav' },
    ],
    strings: [who.fullName, who.email, resumePhrase, transcriptPhrase],
  };
}

/** The needles a scan looks for: the strings, each file's sha-256 (hex), and each file's path as rows name it. */
export function needles(candidate: Pick<SeededCandidate, 'files' | 'strings'>): string[] {
  return [...candidate.strings, ...candidate.files.flatMap((file) => [file.hash, file.relativePath])];
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((name) => join(folder, name)).filter((path) => statSync(path).isFile());
}

/**
 * What of the candidate is still on a device, byte for byte: needles found
 * in the SQLite file and its WAL, and content-store files holding them or
 * whose sha-256 is one of the candidate's files.
 */
export function leftOnDevice(device: { dataDir: string }, candidate: Pick<SeededCandidate, 'files' | 'strings'>): string[] {
  const found: string[] = [];
  for (const name of ['kiosk.sqlite', 'kiosk.sqlite-wal']) {
    const path = join(device.dataDir, name);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    for (const needle of needles(candidate)) if (bytes.includes(Buffer.from(needle))) found.push(`${name}: ${needle}`);
  }
  const hashes = new Set(candidate.files.map((file) => file.hash));
  for (const path of filesUnder(join(device.dataDir, 'files'))) {
    const bytes = readFileSync(path);
    if (hashes.has(createHash('sha256').update(bytes).digest('hex'))) found.push(`file with the candidate's hash: ${path}`);
    for (const needle of candidate.strings) if (bytes.includes(Buffer.from(needle))) found.push(`file ${path}: ${needle}`);
  }
  return found;
}

/**
 * What of the candidate is still in the hosted database: every text, json
 * and bytea column of every table in the public and sync schemas, searched
 * for every needle (bytea as its bytes), and the files' chunks by hash.
 */
export async function leftInPostgres(url: string, candidate: Pick<SeededCandidate, 'files' | 'strings'>): Promise<string[]> {
  const columns = await asOwner<{ schema: string; table: string; column: string; type: string }>(
    url,
    `SELECT c.table_schema AS schema, c.table_name AS "table", c.column_name AS "column", c.data_type AS type
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema IN ('public', 'sync') AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea')`,
  );
  // One query: a branch per column, each naming the needles it holds.
  const branches = columns.map(({ schema, table, column, type }) => {
    const holds = type === 'bytea' ? `position(convert_to(n, 'UTF8') in t."${column}") > 0` : `strpos(t."${column}"::text, n) > 0`;
    return `SELECT '${schema}.${table}.${column}: ' || n AS hit FROM unnest($1::text[]) n WHERE EXISTS (SELECT 1 FROM "${schema}"."${table}" t WHERE ${holds})`;
  });
  const found = (await asOwner<{ hit: string }>(url, branches.join(' UNION ALL '), [needles(candidate)])).map((row) => row.hit);
  const chunks = await asOwner<{ hash: string }>(url, 'SELECT DISTINCT hash FROM sync.file_chunks WHERE hash = ANY ($1)', [candidate.files.map((file) => file.hash)]);
  for (const { hash } of chunks) found.push(`sync.file_chunks: ${hash}`);
  return found;
}
