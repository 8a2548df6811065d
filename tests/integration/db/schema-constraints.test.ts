import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './support';

const temp = useTempDirs();

function setup() {
  const { sqlite } = temp.open(join(temp.make(), 'kiosk.sqlite'));
  const run = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).run(...params);
  run(`INSERT INTO candidates (id, email, full_name, password_hash) VALUES ('c1', 'c@example.com', 'C', 'h')`);
  run(`INSERT INTO resumes (id, candidate_id, file_url, file_name, file_size) VALUES ('r1', 'c1', 'f', 'cv.pdf', 1)`);
  run(`INSERT INTO interviews (id, candidate_id, resume_id, role_type) VALUES ('i1', 'c1', 'r1', 'react')`);
  run(`INSERT INTO interview_sessions (id, interview_id) VALUES ('s1', 'i1')`);
  run(
    `INSERT INTO interview_messages (id, interview_id, session_id, sequence_number, message_type, content_text)
     VALUES ('m1', 'i1', 's1', 1, 'ai_question', 'Tell me about hooks.')`,
  );
  run(`INSERT INTO assessment_results (id, interview_id, overall_score, skill_scores) VALUES ('a1', 'i1', 70, '{}')`);
  run(`INSERT INTO integrity_events (id, interview_id, kind, occurred_at) VALUES ('e1', 'i1', 'focus_lost', '2026-01-05T09:00:00.000Z')`);
  run(`INSERT INTO resume_feedback (id, resume_id, feedback_content) VALUES ('f1', 'r1', 'Looks good.')`);
  run(`INSERT INTO recruiters (id, email, full_name, password_hash, role) VALUES ('rec1', 'rec@example.com', 'R', 'h', 'recruiter')`);
  const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { sqlite, run, count };
}

describe('schema constraints', () => {
  it('refuses values outside the specification’s CHECKs', () => {
    const { run } = setup();
    const refused: [string, string][] = [
      [`UPDATE candidates SET status = 'gone'`, 'candidates_status_check'],
      [`UPDATE candidates SET email = 'Upper@example.com'`, 'candidates_email_lowercase_check'],
      [`UPDATE resumes SET parsing_status = 'done'`, 'resumes_parsing_status_check'],
      [`UPDATE resume_feedback SET status = 'queued'`, 'resume_feedback_status_check'],
      [`UPDATE interviews SET role_type = 'cobol'`, 'interviews_role_type_check'],
      [`UPDATE interviews SET status = 'paused'`, 'interviews_status_check'],
      [`UPDATE interview_sessions SET current_difficulty_level = 'expert'`, 'interview_sessions_current_difficulty_level_check'],
      [`UPDATE interview_messages SET message_type = 'note'`, 'interview_messages_message_type_check'],
      [`UPDATE assessment_results SET overall_score = 100.5`, 'assessment_results_overall_score_check'],
      [`UPDATE assessment_results SET integrity_score = -1`, 'assessment_results_integrity_score_check'],
      [`UPDATE assessment_results SET status = 'done'`, 'assessment_results_status_check'],
      // A failed assessment has no scores, and only a failed one lacks them.
      [`UPDATE assessment_results SET status = 'failed'`, 'assessment_results_failed_has_no_score_check'],
      [`UPDATE assessment_results SET overall_score = NULL`, 'assessment_results_failed_has_no_score_check'],
      [`INSERT INTO interview_decisions (id, interview_id, decided_by, decision, decided_at) VALUES ('d1', 'i1', 'rec1', 'maybe', '2026-01-05T09:00:00.000Z')`, 'interview_decisions_decision_check'],
      [`UPDATE candidates SET row_version = 0`, 'candidates_row_version_check'],
      [`INSERT INTO recruiters (id, email, full_name, password_hash, role) VALUES ('x', 'x@example.com', 'X', 'h', 'owner')`, 'recruiters_role_check'],
      [`INSERT INTO jobs (id, kind, payload, status) VALUES ('j', 'k', '{}', 'waiting')`, 'jobs_status_check'],
      [`INSERT INTO sync_outbox (table_name, row_id, operation, row_version, payload) VALUES ('t', 'r', 'merge', 1, '{}')`, 'sync_outbox_operation_check'],
      [`INSERT INTO stored_files (id, content_hash, relative_path, size_bytes, media_type) VALUES ('s', 'ABC', 'a', 1, 'audio/wav')`, 'stored_files_content_hash_check'],
      [`INSERT INTO stored_files (id, content_hash, relative_path, size_bytes, media_type) VALUES ('s', '${'a'.repeat(64)}', '../etc/passwd', 1, 'audio/wav')`, 'stored_files_relative_path_check'],
    ];
    for (const [statement, constraint] of refused) {
      expect(() => run(statement), statement).toThrow(constraint);
    }
  });

  it('enforces foreign keys', () => {
    const { run } = setup();
    expect(() => run(`INSERT INTO resumes (id, candidate_id, file_url, file_name, file_size) VALUES ('r2', 'nobody', 'f', 'n', 1)`)).toThrow(
      'FOREIGN KEY constraint failed',
    );
    expect(() => run(`UPDATE resume_feedback SET approved_by = 'no-recruiter'`)).toThrow('FOREIGN KEY constraint failed');
  });

  it('one session, one result and one feedback per parent', () => {
    const { run } = setup();
    expect(() => run(`INSERT INTO interview_sessions (id, interview_id) VALUES ('s2', 'i1')`)).toThrow('UNIQUE');
    expect(() => run(`INSERT INTO assessment_results (id, interview_id, overall_score, skill_scores) VALUES ('a2', 'i1', 1, '{}')`)).toThrow('UNIQUE');
    expect(() => run(`INSERT INTO resume_feedback (id, resume_id, feedback_content) VALUES ('f2', 'r1', 'x')`)).toThrow('UNIQUE');
  });

  it('hard-deleting a candidate cascades to everything under it, as in the specification', () => {
    const { run, count } = setup();
    run(`DELETE FROM candidates WHERE id = 'c1'`);
    for (const table of ['resumes', 'resume_feedback', 'interviews', 'interview_sessions', 'interview_messages', 'assessment_results', 'integrity_events']) {
      expect(count(table), table).toBe(0);
    }
  });

  it('allows many jobs without a dedupe key but only one per key', () => {
    const { run, count } = setup();
    run(`INSERT INTO jobs (id, kind, payload) VALUES ('j1', 'score', '{}'), ('j2', 'score', '{}')`);
    run(`INSERT INTO jobs (id, kind, payload, dedupe_key) VALUES ('j3', 'auto_send', '{}', 'feedback:f1')`);
    expect(() => run(`INSERT INTO jobs (id, kind, payload, dedupe_key) VALUES ('j4', 'auto_send', '{}', 'feedback:f1')`)).toThrow('UNIQUE');
    expect(count('jobs')).toBe(3);
  });
});
