import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { id, push, rows, upsert, type Device } from '../hosted-db/support';

/** How the recording's bytes reach the server: in Postgres by default. */
export type SendRecording = (kiosk: Device, hash: string, bytes: Buffer) => Promise<void>;

const intoPostgres: SendRecording = async (kiosk, hash, bytes) => {
  await kiosk.call('put_file_chunk', hash, 'audio/wav', bytes.length, 0, bytes);
};

/** A finished interview with a session and a recorded answer whose file the server holds. */
export async function interviewWithRecording(kiosk: Device, candidateId: string, createdAt: string, seq: number, send: SendRecording = intoPostgres) {
  const bytes = Buffer.from(`recording of ${candidateId} at ${createdAt}`);
  const hash = createHash('sha256').update(bytes).digest('hex');
  await send(kiosk, hash, bytes);
  const interview = rows.interview(candidateId, id(), { status: 'completed', created_at: createdAt });
  const session = { id: id(), created_at: createdAt, updated_at: createdAt, row_version: 1, deleted_at: null, interview_id: interview.id, conversation_memory: null, current_difficulty_level: 'warmup', questions_asked_count: 1, skill_boundaries_identified: null, progression_state: null, last_activity_at: createdAt };
  const message = {
    id: id(), created_at: createdAt, updated_at: createdAt, row_version: 1, deleted_at: null, interview_id: interview.id, session_id: session.id,
    sequence_number: 1, message_type: 'candidate_response', content_text: 'I would memoise the selector', content_audio_url: `files/${hash.slice(0, 2)}/${hash.slice(2)}`,
    audio_duration_seconds: 3, audio_metadata: { codec: 'pcm' }, response_time_seconds: 2, metadata: null,
  };
  const result = await push(kiosk, [upsert(seq, 'interviews', interview), upsert(seq + 1, 'interview_sessions', session), upsert(seq + 2, 'interview_messages', message)]);
  expect(result.rejected).toEqual([]);
  return { interview, message, hash };
}
