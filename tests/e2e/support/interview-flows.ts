import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Page } from 'playwright-core';
import type { FakeOpenAi, RecordedRequest, Reply } from '../../fixtures/fake-openai';
import { scoringReply } from '../../fixtures/scoring-ai';
import { expectScreen } from './flows';
import { agreeToNoticeIfAsked } from './notice';

/** What the fake microphone says, and what the fake speech-to-text hears: short, as every question waits for it to be said. */
export const SPOKEN_ANSWER = 'I would use a hook.';

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are whatever the app sent */

/** Role skill ids the judge may name: the structured-output schema lists them. */
function skillIds(request: RecordedRequest): string[] {
  const schema = request.json?.response_format?.json_schema?.schema;
  const ids = schema?.properties?.skillArea?.enum;
  return Array.isArray(ids) ? ids.filter((id: unknown): id is string => typeof id === 'string') : [];
}

function promptText(request: RecordedRequest): string {
  const messages: any[] = Array.isArray(request.json?.messages) ? request.json.messages : [];
  return messages.map((message) => (typeof message?.content === 'string' ? message.content : '')).join('\n');
}

/**
 * The AI side of a whole interview: every question is a plain sentence, every
 * answer is judged "good" on the skill the question was about, speech-to-text
 * hears SPOKEN_ANSWER and text-to-speech returns 300 ms of audio. Short audio
 * and no latency keep a 12-question interview to well under a minute.
 */
export function scriptInterviewAi(fake: FakeOpenAi, options: { scoring?: boolean } = {}): { questionsWritten: () => number } {
  let written = 0;
  fake.setResponder('chat', (request): Reply => {
    // Scoring's passes, when the test goes on past the submit (tests/fixtures/scoring-ai.ts).
    const scored = options.scoring ? scoringReply(request) : null;
    if (scored) return scored;
    const ids = skillIds(request);
    if (request.json?.response_format) {
      const prompt = promptText(request);
      const skill = ids.find((id) => prompt.includes(id)) ?? ids[0] ?? 'unknown';
      return { kind: 'structured', json: { skillArea: skill, quality: 'good', evidence: SPOKEN_ANSWER, struggled: false, reasoning: 'A clear, correct answer.' } };
    }
    written++;
    return { kind: 'chat', content: `Here is question ${written}. How would you keep state in a component, and why?` };
  });
  fake.setResponder('transcriptions', () => ({ kind: 'transcription', text: SPOKEN_ANSWER }));
  // The same words whichever way they are transcribed: live, as the candidate speaks, or from the segment's file.
  fake.realtime.setResponder(() => ({ text: SPOKEN_ANSWER }));
  fake.setResponder('speech', () => ({ kind: 'speech', durationMs: 300 }));
  return { questionsWritten: () => written };
}

export const FAKE_API_KEY = 'sk-test-fake-openai';

/** Device setting through the app's own admin channel, as an administrator would save it; call while an admin is signed in. */
export async function setEndOfTurnSilence(page: Page, endOfTurnSilenceMs: number): Promise<void> {
  const result = await page.evaluate((ms) => window.kiosk!.invoke('settings.update', { interview: { endOfTurnSilenceMs: ms } }), endOfTurnSilenceMs);
  if ((result as { ok?: unknown } | null)?.ok !== true) throw new Error(`settings.update refused the end-of-turn silence ${endOfTurnSilenceMs} ms: ${JSON.stringify(result)}`);
}

/** From the candidate home: choose React, pass the microphone check, start. */
export async function startInterviewFromHome(page: Page, options: { testSpeaker?: boolean; beforeStart?: () => Promise<void> } = {}): Promise<void> {
  await page.getByRole('radio', { name: 'React' }).check();
  await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
  await agreeToNoticeIfAsked(page);
  await expectScreen(page, 'Check your equipment');
  await page.getByRole('button', { name: 'Say something', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'We heard you.' }).waitFor({ timeout: 20_000 });
  if (options.testSpeaker) {
    await page.getByRole('button', { name: 'Play a test sentence', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'The test sentence has finished playing' }).waitFor({ timeout: 15_000 });
  }
  await options.beforeStart?.();
  await page.getByRole('button', { name: 'Start the interview', exact: true }).click();
  await expectScreen(page, 'Your interview');
}

/** The question number the interview screen shows, or null when none is shown. */
export async function shownQuestionNumber(page: Page): Promise<number | null> {
  const text = await page.locator('.interview-progress').textContent().catch(() => null);
  const match = /Question (\d+) of/.exec(text ?? '');
  return match ? Number(match[1]) : null;
}

export async function waitForQuestion(page: Page, number: number, timeout = 30_000): Promise<void> {
  await page.locator('.interview-progress', { hasText: `Question ${number} of` }).waitFor({ timeout });
}

export interface StoredInterview {
  interview: { id: string; status: string; role_type: string };
  questions: { id: string; sequence_number: number; content_text: string }[];
  answers: { id: string; sequence_number: number; content_text: string; content_audio_url: string | null }[];
  session: { questions_asked_count: number; last_activity_at: string } | undefined;
}

/** Reads the candidate's interviews straight from the host's SQLite file (read-only, beside the running host). */
export function readInterviews(dataDir: string): StoredInterview[] {
  const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const interviews = db.prepare('SELECT id, status, role_type FROM interviews ORDER BY created_at').all() as StoredInterview['interview'][];
    return interviews.map((interview) => ({
      interview,
      questions: db
        .prepare("SELECT id, sequence_number, content_text FROM interview_messages WHERE interview_id = ? AND message_type = 'ai_question' ORDER BY sequence_number")
        .all(interview.id) as StoredInterview['questions'],
      answers: db
        .prepare(
          "SELECT id, sequence_number, content_text, content_audio_url FROM interview_messages WHERE interview_id = ? AND message_type = 'candidate_response' ORDER BY sequence_number",
        )
        .all(interview.id) as StoredInterview['answers'],
      session: db.prepare('SELECT questions_asked_count, last_activity_at FROM interview_sessions WHERE interview_id = ?').get(interview.id) as StoredInterview['session'],
    }));
  } finally {
    db.close();
  }
}

/**
 * Where an answer's audio is on disk. The message stores either a path under
 * the data folder or a stored file's id or content hash; all are accepted so
 * the check is about the file being there, not about one naming scheme.
 */
export function answerAudioPath(dataDir: string, audioUrl: string): string | null {
  const direct = isAbsolute(audioUrl) ? audioUrl : join(dataDir, audioUrl.replace(/^file:\/\//, ''));
  if (existsSync(direct)) return direct;
  const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT relative_path FROM stored_files WHERE id = ? OR content_hash = ? OR relative_path = ?').get(audioUrl, audioUrl, audioUrl) as
      | { relative_path: string }
      | undefined;
    if (!row) return null;
    const path = join(dataDir, row.relative_path);
    return existsSync(path) ? path : null;
  } finally {
    db.close();
  }
}
