/**
 * What the devices write locally before they sync, written as the app writes
 * it (the IPC dispatcher for a registration, InterviewRepository as the turn
 * pipeline uses it, the content store for audio), so the outbox, the file
 * table and the session JSON the sync service sends are the real ones.
 */
import { randomBytes } from 'node:crypto';
import { ContentStore } from '../../src-main/files/content-store';
import { addAnswer, addQuestion, emptyMemory } from '../../src-main/interview/engine/memory';
import { buildWav, bytesPerSecond, PCM_CODEC } from '../../src-main/interview/wav-audio';
import type { WavFormat } from '../../src-main/audio/wav';
import { InterviewRepository } from '../../src-main/repositories/interview-repository';
import { ownWindow, strongPassword } from '../../tests/support/test-app';
import type { Device } from './harness';

export const QUESTIONS = 10;
export const ANSWER_SECONDS = 20;
const ANSWER_FORMAT: WavFormat = { audioFormat: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 };

export const QUESTION_TEXT =
  'Thanks for that. Imagine a dashboard that re-renders on every keystroke in a search field. ' +
  'How would you find out why, and what would you change in the component tree to fix it?';
export const ANSWER_TEXT =
  'I would start with the React profiler to see which components render and why, then check whether the search state lives too high up. ' +
  'I would move it down next to the input, memoise the expensive list with useMemo, and debounce the query so the list only filters after a pause.';

/** A candidate registering at the device's window `windowId`; returns the candidate's id. */
export async function registerCandidate(device: Device, email: string, windowId: string): Promise<string> {
  const result = await device.app.dispatch('auth.registerCandidate', { email, password: strongPassword, fullName: 'Bench Candidate' }, ownWindow(windowId));
  if (!result.ok) throw new Error(`auth.registerCandidate failed: ${JSON.stringify(result.error)}`);
  return (result.data as { id: string }).id;
}

/**
 * A whole interview as the turn pipeline writes it: the interview and its
 * session, then per turn the question (session moved on) and the answer
 * with its WAV recorded as a stored file in the same transaction; then the
 * interview completed. Returns the bytes of audio written and their hashes.
 */
export async function writeInterview(device: Device, candidateId: string): Promise<{ interviewId: string; audioBytes: number; hashes: string[] }> {
  const repository = new InterviewRepository(device.app.database);
  const store = new ContentStore(device.dataDir);
  const startedAt = new Date().toISOString();
  const progression = { formatVersion: 1, roleType: 'react' as const, promptVersion: 'bench', phase: 'standard' as const, questions: [] as Record<string, string | number>[] };
  const { interview, session } = repository.create({
    candidateId,
    resumeId: null,
    roleType: 'react',
    startedAt,
    session: {
      conversationMemory: emptyMemory(),
      currentDifficultyLevel: 'warmup',
      skillBoundariesIdentified: {},
      progressionState: progression,
      lastActivityAt: startedAt,
    },
  });
  let memory = emptyMemory();
  let audioBytes = 0;
  const hashes: string[] = [];
  for (let q = 1; q <= QUESTIONS; q++) {
    const questionText = `Question ${q}. ${QUESTION_TEXT}`;
    const question = repository.appendMessage({
      interviewId: interview.id,
      sessionId: session.id,
      message: {
        messageType: 'ai_question',
        contentText: questionText,
        metadata: { phase: 'standard', skillId: 'react-performance', difficulty: 3, purpose: 'probe', promptVersion: 'bench', spokenParts: 2, model: 'gpt-4o-mini' },
      },
      session: {
        conversationMemory: (memory = addQuestion(memory, `pending-${q}`, questionText)),
        progressionState: { ...progression, questions: [...progression.questions, { skillId: 'react-performance', difficulty: 3 }] },
        questionsAskedCount: q,
        lastActivityAt: new Date().toISOString(),
      },
    }).message;
    // The memory names the question by its message id, known only now (the pipeline knows it up front).
    memory = { turns: memory.turns.map((turn) => (turn.questionMessageId === `pending-${q}` ? { ...turn, questionMessageId: question.id } : turn)) };
    progression.questions.push({ skillId: 'react-performance', difficulty: 3 });

    // Noise rather than silence: real speech barely compresses, and neither does this.
    const pcm = randomBytes(ANSWER_SECONDS * bytesPerSecond(ANSWER_FORMAT));
    const file = await store.put(buildWav(ANSWER_FORMAT, [pcm]));
    audioBytes += file.size;
    hashes.push(file.hash);
    memory = addAnswer(memory, question.id, ANSWER_TEXT);
    repository.appendMessage({
      interviewId: interview.id,
      sessionId: session.id,
      message: {
        messageType: 'candidate_response',
        contentText: ANSWER_TEXT,
        contentAudioUrl: file.relativePath,
        audioDurationSeconds: ANSWER_SECONDS,
        audioMetadata: {
          sampleRate: ANSWER_FORMAT.sampleRate,
          codec: PCM_CODEC,
          sizeBytes: file.size,
          durationSeconds: ANSWER_SECONDS,
          sttProcessingMs: 420,
          confidence: 0.93,
          segments: [
            { startMs: 1800, endMs: 9800 },
            { startMs: 10400, endMs: 21800 },
          ],
        },
        responseTimeSeconds: 2,
        metadata: { questionMessageId: question.id, speechMs: 19_400, pauseMs: 600, reason: 'silence', responseTimeMs: 1800, segmentCount: 2, sttModel: 'whisper-1' },
      },
      session: { conversationMemory: memory, progressionState: progression, lastActivityAt: new Date().toISOString() },
      file: { contentHash: file.hash, relativePath: file.relativePath, sizeBytes: file.size, mediaType: 'audio/wav' },
    });
  }
  const completedAt = new Date().toISOString();
  repository.finish(interview.id, { status: 'completed', completedAt, durationSeconds: 25 * 60 });
  return { interviewId: interview.id, audioBytes, hashes };
}

/** A short interview: one question and one answer, no audio (what a kiosk writes between two syncs when little happens). */
export function writeShortInterview(device: Device, candidateId: string): void {
  const repository = new InterviewRepository(device.app.database);
  const now = new Date().toISOString();
  const { interview, session } = repository.create({
    candidateId,
    resumeId: null,
    roleType: 'javascript',
    startedAt: now,
    session: { conversationMemory: emptyMemory(), currentDifficultyLevel: 'warmup', skillBoundariesIdentified: {}, progressionState: { formatVersion: 1 }, lastActivityAt: now },
  });
  repository.appendMessage({ interviewId: interview.id, sessionId: session.id, message: { messageType: 'ai_question', contentText: QUESTION_TEXT }, session: { questionsAskedCount: 1 } });
  repository.appendMessage({ interviewId: interview.id, sessionId: session.id, message: { messageType: 'candidate_response', contentText: ANSWER_TEXT }, session: { lastActivityAt: now } });
}
