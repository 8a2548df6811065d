import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPcmWav } from '../../../src-main/interview/wav-audio';
import { answerAudioPath } from './interview-flows';

/** A stored question with the answers stored after it (one, when all is well). */
export interface StoredTurn {
  question: { sequence: number; text: string };
  answers: StoredAnswer[];
}

export interface StoredAnswer {
  sequence: number;
  text: string;
  /** How the answer ended, as the renderer decided it and main saw it (audio_metadata.endOfTurn). */
  endOfTurn: { decidedBy?: string; silenceMs?: number | null; rule?: string | null; continued?: number; questionsDropped?: number } | null;
  /** metadata.continued: how often the candidate carried on after the next question had begun. */
  continued: number | null;
  /** Length of the recording on disk, read from the WAV itself; null when there is no file. */
  recordingSeconds: number | null;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON columns are whatever main wrote */
function json(text: string | null): any {
  return text ? JSON.parse(text) : null;
}

function recordingSeconds(dataDir: string, audioUrl: string | null): number | null {
  const file = audioUrl ? answerAudioPath(dataDir, audioUrl) : null;
  if (!file) return null;
  const { format, pcm } = readPcmWav(readFileSync(file));
  return pcm.length / (format.sampleRate * format.channels * (format.bitsPerSample / 8));
}

/**
 * The newest interview's questions and answers in the order they were
 * stored, straight from the host's SQLite file (read-only, beside the
 * running host). An answer stored before any question is reported under a
 * question of sequence 0, so it cannot go unnoticed.
 */
export function readConversation(dataDir: string): StoredTurn[] {
  const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const interview = db.prepare('SELECT id FROM interviews ORDER BY created_at DESC, rowid DESC LIMIT 1').get() as { id: string } | undefined;
    if (!interview) return [];
    const rows = db
      .prepare(
        "SELECT sequence_number, message_type, content_text, content_audio_url, audio_metadata, metadata FROM interview_messages WHERE interview_id = ? AND message_type IN ('ai_question', 'candidate_response') ORDER BY sequence_number",
      )
      .all(interview.id) as { sequence_number: number; message_type: string; content_text: string; content_audio_url: string | null; audio_metadata: string | null; metadata: string | null }[];
    const turns: StoredTurn[] = [];
    for (const row of rows) {
      if (row.message_type === 'ai_question') {
        turns.push({ question: { sequence: row.sequence_number, text: row.content_text }, answers: [] });
        continue;
      }
      if (turns.length === 0) turns.push({ question: { sequence: 0, text: '' }, answers: [] });
      const metadata = json(row.metadata);
      turns.at(-1)!.answers.push({
        sequence: row.sequence_number,
        text: row.content_text,
        endOfTurn: json(row.audio_metadata)?.endOfTurn ?? null,
        continued: typeof metadata?.continued === 'number' ? metadata.continued : null,
        recordingSeconds: recordingSeconds(dataDir, row.content_audio_url),
      });
    }
    return turns;
  } finally {
    db.close();
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
