import { splitSentences } from '../sentence-stream';

/**
 * The parts a bank question is spoken in: each is one text-to-speech
 * request, and so one file in the speech cache, keyed by its exact text.
 * The pre-synthesiser fills the cache with these parts and the interview
 * speaks a bank question in the same parts (`relay.speak(options,
 * bankSpeechParts(text))`), so every request finds its file. The cut is
 * the one a question written by the model is spoken in (SentenceStream), so
 * a bank question sounds like any other.
 */
export function bankSpeechParts(text: string): string[] {
  return splitSentences(text);
}

/** What the bank needs in the cache: each question's parts, and the distinct parts among them (questions share some sentences). */
export interface BankSpeech {
  questions: string[][];
  parts: string[];
}

export function bankSpeech(texts: readonly string[]): BankSpeech {
  const questions = texts.map(bankSpeechParts);
  return { questions, parts: [...new Set(questions.flat())] };
}
