import type Database from 'better-sqlite3';
import { noneRemoved, type RemovedCounts } from '../../shared/domain/erasure';
import { isContentPath, unreferencedFiles } from './content-files';


export interface CandidateRemoval {
  removed: RemovedCounts;
  /** Content-store files only the removed rows named: the caller deletes them after the commit. */
  files: string[];
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
/** `IN (SELECT value FROM json_each(?))`: one statement for any number of ids. */
const IN_LIST = 'IN (SELECT value FROM json_each(?))';

/**
 * Removes one candidate's content from this device's database, inside the
 * caller's transaction (issue 18, point 4; the hosted database does the
 * same in migrations/postgres/functions/85_erasure.sql, which says what is
 * removed, what is emptied and why). Local only: nothing goes to the outbox,
 * since every device and the hosted database carry the request out
 * themselves; instead the device's own copies of the rows in the outbox,
 * parked pulls and jobs go too, and the ids are remembered in erased_rows so
 * a late pull cannot bring the content back.
 */
export function removeCandidate(sqlite: Database.Database, candidateId: string, requestId: string, now: string): CandidateRemoval {
  const all = <T>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params) as T[];
  const run = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).run(...params).changes;
  const list = (values: string[]) => JSON.stringify(values);

  const resumes = all<{ id: string; file_url: string }>('SELECT id, file_url FROM resumes WHERE candidate_id = ?', candidateId);
  const interviews = ids(all('SELECT id FROM interviews WHERE candidate_id = ?', candidateId));
  const resumeIds = resumes.map((row) => row.id);
  const messages = all<{ id: string; content_audio_url: string | null }>(`SELECT id, content_audio_url FROM interview_messages WHERE interview_id ${IN_LIST}`, list(interviews));
  const childrenOf = (table: string, column: string, parents: string[]) => ids(all(`SELECT id FROM "${table}" WHERE "${column}" ${IN_LIST}`, list(parents)));
  const erased: Array<[string, string[]]> = [
    ['candidates', [candidateId]],
    ['resumes', resumeIds],
    ['interviews', interviews],
    ['interview_sessions', childrenOf('interview_sessions', 'interview_id', interviews)],
    ['interview_messages', ids(messages)],
    ['resume_feedback', childrenOf('resume_feedback', 'resume_id', resumeIds)],
    ['assessment_results', childrenOf('assessment_results', 'interview_id', interviews)],
    ['interview_decisions', childrenOf('interview_decisions', 'interview_id', interviews)],
    ['integrity_events', childrenOf('integrity_events', 'interview_id', interviews)],
    ['self_identifications', childrenOf('self_identifications', 'candidate_id', [candidateId])],
  ];
  const remember = sqlite.prepare('INSERT OR IGNORE INTO erased_rows (row_id, table_name, request_id) VALUES (?, ?, ?)');
  for (const [table, rowIds] of erased) for (const id of rowIds) remember.run(id, table, requestId);
  const erasedIds = erased.flatMap(([, rowIds]) => rowIds);
  const byTable = new Map(erased);
  const removed = noneRemoved();
  // An answer the candidate was still giving: its segments' rows and files go with the rest (the rows are local, never synced).
  const segmentFiles = all<{ relative_path: string }>(`DELETE FROM answer_segments WHERE interview_id ${IN_LIST} RETURNING relative_path`, list(interviews));
  const paths = new Set(
    [...resumes.map((row) => row.file_url), ...messages.map((row) => row.content_audio_url ?? ''), ...segmentFiles.map((row) => row.relative_path)].filter(isContentPath),
  );

  // Recordings and transcript.
  removed.recordings = messages.filter((row) => row.content_audio_url !== null).length;
  removed.transcripts = run(`DELETE FROM interview_messages WHERE id ${IN_LIST}`, list(ids(messages)));
  removed.transcripts += run(`DELETE FROM interview_sessions WHERE id ${IN_LIST}`, list(byTable.get('interview_sessions')!));
  // Assessment.
  removed.assessments = run(`DELETE FROM assessment_results WHERE id ${IN_LIST}`, list(byTable.get('assessment_results')!));
  removed.assessments += run(`DELETE FROM interview_decisions WHERE id ${IN_LIST}`, list(byTable.get('interview_decisions')!));
  removed.assessments += run(`DELETE FROM integrity_events WHERE id ${IN_LIST}`, list(byTable.get('integrity_events')!));
  // Resume, parsed data and feedback; interviews name their resume, so they let go of it first.
  run(`UPDATE interviews SET resume_id = NULL WHERE id ${IN_LIST} AND resume_id IS NOT NULL`, list(interviews));
  removed.resumes = run(`DELETE FROM resume_feedback WHERE id ${IN_LIST}`, list(byTable.get('resume_feedback')!));
  removed.resumes += run(`DELETE FROM resumes WHERE id ${IN_LIST}`, list(resumeIds));
  // Identity: what they said about themselves, what a proctor noted, the person.
  removed.identity = run(`DELETE FROM self_identifications WHERE id ${IN_LIST}`, list(byTable.get('self_identifications')!));
  run(`UPDATE proctor_sittings SET identity_check = 'erased', accommodations = '[]', notes = '[]' WHERE candidate_id = ?`, candidateId);
  run(`UPDATE interviews SET deleted_at = coalesce(deleted_at, ?) WHERE id ${IN_LIST}`, now, list(interviews));
  removed.identity += run(
    `UPDATE candidates SET email = 'erased-' || id || '@erased.invalid', full_name = '', phone = NULL, password_hash = '!erased',
            failed_login_count = 0, locked_until = NULL, last_login_at = NULL, deleted_at = coalesce(deleted_at, ?)
      WHERE id = ?`,
    now,
    candidateId,
  );

  forgetLocalCopies(sqlite, candidateId, erasedIds);
  reduceWebhookEvents(sqlite, candidateId);
  return { removed, files: unreferencedFiles(sqlite, [...paths]) };
}

/**
 * The candidate's webhook events (issue 21) keep their ids, type and time,
 * and say only whose they were: a receiver may have them already, and one
 * not yet sent goes out as this. Local like the rest: the hosted database
 * reduces its copies itself (85_erasure.sql, the same text), and a synced
 * update naming the erased candidate would be refused there anyway.
 */
function reduceWebhookEvents(sqlite: Database.Database, candidateId: string): void {
  const erased = JSON.stringify({ candidate: { id: candidateId }, erased: true });
  const events = JSON.stringify(ids(sqlite.prepare('SELECT id FROM webhook_events WHERE candidate_id = ?').all(candidateId) as { id: string }[]));
  sqlite.prepare(`UPDATE webhook_events SET payload = ? WHERE id ${IN_LIST}`).run(erased, events);
  // Their copies waiting to be pushed say the same; pushed ones are history, and go.
  sqlite.prepare(`DELETE FROM sync_outbox WHERE pushed_at IS NOT NULL AND table_name = 'webhook_events' AND row_id ${IN_LIST}`).run(events);
  sqlite.prepare(`UPDATE sync_outbox SET payload = json_set(payload, '$.payload', ?) WHERE pushed_at IS NULL AND table_name = 'webhook_events' AND row_id ${IN_LIST}`).run(erased, events);
}

/** The device's own copies of the rows: outbox payloads, parked pulls, jobs. */
function forgetLocalCopies(sqlite: Database.Database, candidateId: string, erasedIds: string[]): void {
  const list = JSON.stringify(erasedIds);
  // Pushed entries are history: gone. Pending ones keep their place (the seq must stay gapless) but
  // lose their content: the hosted database refuses them (the ids are erased there) and keeps nothing.
  sqlite.prepare(`DELETE FROM sync_outbox WHERE pushed_at IS NOT NULL AND row_id ${IN_LIST}`).run(list);
  sqlite.prepare(`UPDATE sync_outbox SET payload = json_object('id', row_id) WHERE pushed_at IS NULL AND row_id ${IN_LIST}`).run(list);
  // A sitting outlives the erasure without its notes (see removeCandidate): so do its queued copies
  // (json_replace: a queued named operation keeps only its own columns, or the server would refuse it).
  const sittings = JSON.stringify((sqlite.prepare('SELECT id FROM proctor_sittings WHERE candidate_id = ?').all(candidateId) as { id: string }[]).map((row) => row.id));
  sqlite.prepare(`DELETE FROM sync_outbox WHERE pushed_at IS NOT NULL AND table_name = 'proctor_sittings' AND row_id ${IN_LIST}`).run(sittings);
  sqlite
    .prepare(
      `UPDATE sync_outbox SET payload = json_replace(payload, '$.identity_check', 'erased', '$.accommodations', json('[]'), '$.notes', json('[]'))
        WHERE pushed_at IS NULL AND table_name = 'proctor_sittings' AND row_id ${IN_LIST}`,
    )
    .run(sittings);
  // Parked pulls of the rows, and of their children waiting for them, in turn.
  let waiting = erasedIds;
  while (waiting.length > 0) {
    const gone = sqlite.prepare(`DELETE FROM sync_parked WHERE row_id ${IN_LIST} OR parent_id ${IN_LIST} RETURNING row_id`).all(JSON.stringify(waiting), JSON.stringify(waiting)) as { row_id: string }[];
    waiting = gone.map((row) => row.row_id);
  }
  // Jobs name their rows by id (parse this resume, score this interview, send this feedback).
  sqlite.prepare(`DELETE FROM jobs WHERE EXISTS (SELECT 1 FROM json_each(?) e WHERE instr(jobs.payload, e.value) > 0 OR instr(coalesce(jobs.dedupe_key, ''), e.value) > 0)`).run(list);
}
