/**
 * The fake OpenAI server's replies paced like the real service, shared by the
 * benchmarks that measure an interview turn (bench/turn.bench.ts,
 * bench/conversation.bench.ts):
 *
 *   speech-to-text   400 ms for a short segment (+25 ms per second of audio beyond 3 s);
 *                    live, with gpt-realtime-whisper, 150 ms from the commit to `completed`
 *   language model   350 ms to the first token, then 80 tokens/s; a judgement
 *                    (not streamed) arrives when its last token would have
 *   text-to-speech   300 ms to the first byte, then 10x real time
 */
import { splitSentences } from '../../src-main/interview/sentence-stream';
import { uploadedSeconds } from '../../tests/fixtures/audio/corpus-transcriber';
import type { RecordedRequest, Reply, Responder } from '../../tests/fixtures/fake-openai/index';

export const STT_SHORT_MS = 400;
/**
 * Live transcription with gpt-realtime-whisper: its words stream while the
 * audio is appended, so after the commit only the last word and `completed`
 * are left to send. OpenAI publishes no figure; 150 ms is one network round
 * trip plus decoding the last fraction of a second of audio.
 */
export const REALTIME_WHISPER_COMPLETED_MS = 150;
export const STT_PER_EXTRA_SECOND_MS = 25;
export const LLM_FIRST_TOKEN_MS = 350;
export const LLM_TOKENS_PER_SECOND = 80;
export const TTS_FIRST_BYTE_MS = 300;
export const TTS_BYTES_PER_SECOND = 24_000 * 2 * 10;
/** The fake server's tokens are 4 characters. */
export const CHARS_PER_TOKEN = 4;

export function sttMs(audioSeconds: number): number {
  return STT_SHORT_MS + Math.max(0, audioSeconds - 3) * STT_PER_EXTRA_SECOND_MS;
}


/** Unique sentences, so the speech cache never answers for the provider. */
export function questionFor(n: number, run: number): string {
  return (
    `Okay, thank you for walking me through answer ${n} of run ${run}. ` +
    `Let's move on to something a little different for question ${n + 1}. ` +
    'How would you decide between lifting state up and reaching for context in a medium sized application, and why?'
  );
}

/**
 * When the fake server has sent the token that ends the question's first
 * spoken part (its first clause or sentence, as the app cuts it): the
 * earliest the app can ask for speech.
 */
export function modelToFirstPartMs(text: string): number {
  const tokens = Math.ceil(splitSentences(text)[0]!.length / CHARS_PER_TOKEN);
  return LLM_FIRST_TOKEN_MS + (tokens - 1) * (1000 / LLM_TOKENS_PER_SECOND);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are whatever the SDK sent */
export function promptOf(request: RecordedRequest): string {
  return ((request.json?.messages ?? []) as any[]).map((message) => String(message.content ?? '')).join('\n');
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A plausible candidate: sure of the basics, mixed at level 4, out of depth at 5. */
function qualityFor(skillId: string, difficulty: number): 'excellent' | 'good' | 'partial' | 'poor' {
  if (difficulty <= 2) return 'excellent';
  if (difficulty === 3) return 'good';
  if (difficulty === 4) return skillId.length % 2 === 0 ? 'good' : 'partial';
  return 'poor';
}

export function judgement(request: RecordedRequest): Reply {
  const prompt = promptOf(request);
  const skillArea = /Skill area targeted: (\S+)/.exec(prompt)?.[1] ?? 'unknown';
  const difficulty = Number(/Difficulty: level (\d)/.exec(prompt)?.[1] ?? 1);
  const quality = qualityFor(skillArea, difficulty);
  const json = {
    skillArea,
    quality,
    evidence: 'I would keep the form state in one reducer near the top and pass callbacks down to the steps.',
    struggled: quality === 'poor',
    reasoning: 'The answer covers the expected points for this level with a concrete example and a sensible trade-off.',
  };
  // Not streamed: the whole reply arrives when its last token would have.
  const tokens = Math.ceil(JSON.stringify(json).length / CHARS_PER_TOKEN);
  return { kind: 'structured', json, latency: { firstByteMs: LLM_FIRST_TOKEN_MS + (tokens * 1000) / LLM_TOKENS_PER_SECOND } };
}

/** Judgements as above; questions written by `question(n)` for "It will be question n" and streamed at the model's pace. */
export function pacedChat(question: (n: number) => string): Responder {
  return (request) => {
    if (request.json?.response_format) return judgement(request);
    const n = Number(/It will be question (\d+)/.exec(promptOf(request))?.[1] ?? 0);
    return { kind: 'chat', content: question(n), latency: { firstByteMs: LLM_FIRST_TOKEN_MS, tokensPerSecond: LLM_TOKENS_PER_SECOND } };
  };
}

/** `text` after as long as the service would take to transcribe this upload. */
export function pacedTranscription(request: RecordedRequest, text: string): Reply {
  return { kind: 'transcription', text, latency: { firstByteMs: sttMs(uploadedSeconds(request)) } };
}

/** Speech at the service's pace; `durationMs` of audio (the fake's default is ~60 ms a character, capped at 30 s). */
export function pacedSpeech(durationMs?: number): Reply {
  return { kind: 'speech', ...(durationMs === undefined ? {} : { durationMs }), latency: { firstByteMs: TTS_FIRST_BYTE_MS, bytesPerSecond: TTS_BYTES_PER_SECOND } };
}
