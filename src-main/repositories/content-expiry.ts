import type Database from 'better-sqlite3';
import type { DataKind } from '../../shared/domain/erasure';
import { isContentPath, unreferencedFiles } from './content-files';

export interface Expiry {
  /** Rows emptied of this kind. */
  removed: number;
  /** Content-store files no row names any more: the caller deletes them after the commit. */
  files: string[];
}

/** Finished interviews from before the cutoff: their content may be past retention, a running one never is. */
const OLD_INTERVIEWS = `SELECT id FROM interviews WHERE created_at < ? AND status IN ('completed', 'abandoned')`;

/** One table's columns a kind empties, the SQL that empties them (RETURNING the ids), and the same for the rows' outbox copies. */
interface Emptying {
  table: string;
  update: string;
  /** json_set arguments: the columns as JSON paths, with their emptied values. */
  payload: string;
}

const emptyings: Record<DataKind, Emptying[]> = {
  recordings: [
    {
      table: 'interview_messages',
      update: `UPDATE interview_messages SET content_audio_url = NULL, audio_metadata = NULL WHERE content_audio_url IS NOT NULL AND interview_id IN (${OLD_INTERVIEWS}) RETURNING id`,
      payload: `'$.content_audio_url', NULL, '$.audio_metadata', NULL`,
    },
  ],
  transcripts: [
    {
      table: 'interview_messages',
      update: `UPDATE interview_messages SET content_text = '' WHERE content_text <> '' AND interview_id IN (${OLD_INTERVIEWS}) RETURNING id`,
      payload: `'$.content_text', ''`,
    },
    {
      table: 'interview_sessions',
      update: `UPDATE interview_sessions SET conversation_memory = NULL WHERE conversation_memory IS NOT NULL AND interview_id IN (${OLD_INTERVIEWS}) RETURNING id`,
      payload: `'$.conversation_memory', NULL`,
    },
  ],
  assessments: [
    {
      table: 'assessment_results',
      update: `UPDATE assessment_results SET strengths = NULL, weaknesses = NULL, ai_reasoning = NULL, recommended_actions = NULL, integrity_flags = NULL,
                      skill_boundary_map = NULL, integrity_summary = NULL
                WHERE interview_id IN (${OLD_INTERVIEWS})
                  AND coalesce(strengths, weaknesses, ai_reasoning, recommended_actions, integrity_flags, skill_boundary_map, integrity_summary) IS NOT NULL
            RETURNING id`,
      payload: `'$.strengths', NULL, '$.weaknesses', NULL, '$.ai_reasoning', NULL, '$.recommended_actions', NULL, '$.integrity_flags', NULL, '$.skill_boundary_map', NULL, '$.integrity_summary', NULL`,
    },
  ],
  resumes: [
    {
      // Feedback still on its way to the candidate is left to be sent; sent feedback loses its text.
      table: 'resume_feedback',
      update: `UPDATE resume_feedback SET feedback_content = '', identified_gaps = NULL, recommended_resources = NULL
                WHERE status = 'sent' AND feedback_content <> '' AND resume_id IN (SELECT id FROM resumes WHERE uploaded_at < ?) RETURNING id`,
      payload: `'$.feedback_content', '', '$.identified_gaps', NULL, '$.recommended_resources', NULL`,
    },
    {
      table: 'resumes',
      update: `UPDATE resumes SET file_url = '', file_name = '', parsed_data = NULL WHERE uploaded_at < ? AND (file_url <> '' OR file_name <> '' OR parsed_data IS NOT NULL) RETURNING id`,
      payload: `'$.file_url', '', '$.file_name', '', '$.parsed_data', NULL`,
    },
  ],
};

/** The files a kind's rows name before they are emptied. */
const namedFiles: Partial<Record<DataKind, string>> = {
  recordings: `SELECT DISTINCT content_audio_url AS path FROM interview_messages WHERE content_audio_url IS NOT NULL AND interview_id IN (${OLD_INTERVIEWS})`,
  resumes: `SELECT file_url AS path FROM resumes WHERE uploaded_at < ?`,
};

/**
 * Empties one kind of content older than `cutoff` (ISO) from this device,
 * inside the caller's transaction (issue 18, point 4: IT's retention per
 * kind). Rows stay, with that kind's columns emptied, so what else is kept
 * still stands: recordings go while the transcript and scores stay; a
 * transcript goes while the scores stay; an assessment loses its written
 * reasoning and evidence but keeps its scores; a resume loses its file,
 * name and parsed data, and sent feedback its text. The rows' copies in the
 * outbox are emptied alike. Local, as erasure is (candidate-removal.ts):
 * every device applies IT's setting to its own copies.
 */
export function expireContent(sqlite: Database.Database, kind: DataKind, cutoff: string): Expiry {
  const query = namedFiles[kind];
  const paths = query ? (sqlite.prepare(query).all(cutoff) as { path: string }[]).map((row) => row.path).filter(isContentPath) : [];
  let removed = 0;
  for (const { table, update, payload } of emptyings[kind]) {
    const ids = (sqlite.prepare(update).all(cutoff) as { id: string }[]).map((row) => row.id);
    removed += ids.length;
    if (ids.length > 0) {
      // json_replace, not json_set: a named operation's payload holds only its own columns, and must not gain others (the server would refuse it).
      sqlite.prepare(`UPDATE sync_outbox SET payload = json_replace(payload, ${payload}) WHERE table_name = ? AND row_id IN (SELECT value FROM json_each(?))`).run(table, JSON.stringify(ids));
    }
  }
  return { removed, files: unreferencedFiles(sqlite, paths) };
}
