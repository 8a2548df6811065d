/**
 * Has the candidate finished answering? Judged from the words heard so far
 * (each segment's transcript, as Whisper / gpt-4o-transcribe writes it), so
 * a finished-sounding answer ends after a short silence and anything else
 * keeps the full end-of-turn silence of the device setting.
 *
 * The rules are plain code so a recruiter-facing note can say which one
 * fired (`rule`). They lean one way on purpose: calling an unfinished
 * answer "finished" cuts a thinking candidate off, while the opposite
 * mistake only costs the wait the kiosk has always had. So only a clause
 * that ends cleanly counts as finished; everything doubtful is unfinished.
 */

export type EndOfTurnVerdict = 'finished' | 'unfinished' | 'unknown';

export type EndOfTurnRule =
  /** Nothing was transcribed. */
  | 'empty'
  /** Only a noise annotation such as "(coughs)" or "[BLANK_AUDIO]". */
  | 'noise-only'
  /** Punctuation with no words, e.g. "...". */
  | 'no-words'
  /** Only hesitation sounds: "Um.", "Hmm.". */
  | 'filler-only'
  /** "Okay." or "Sure." alone: the candidate is about to start. */
  | 'preamble-only'
  /** "Let me think.", "Good question.": the candidate is about to answer. */
  | 'thinking-aloud'
  | 'ellipsis'
  | 'trailing-dash'
  | 'trailing-comma'
  | 'trailing-colon'
  | 'trailing-filler'
  | 'trailing-conjunction'
  | 'trailing-article'
  | 'trailing-preposition'
  /** A question mark with no one addressed: the candidate asking themself, then answering. */
  | 'self-question'
  /** A question to the interviewer ("Could you repeat the question?"): the interviewer should reply. */
  | 'question-to-interviewer'
  | 'ends-with-full-stop'
  /** Transcribers close a finished sentence with a mark; without one the words were probably cut. */
  | 'no-final-punctuation';

export interface EndOfTurnJudgement {
  verdict: EndOfTurnVerdict;
  rule: EndOfTurnRule;
}

/** Silence that ends a finished-sounding answer: a natural conversational gap, well under the default 2 s. */
export const FINISHED_SILENCE_MS = 700;

/**
 * How long a silence ends the answer after this verdict. `maxSilenceMs` is the
 * device's endOfTurnSilenceMs setting; a finished answer never waits longer.
 */
export function endOfTurnSilenceMs(verdict: EndOfTurnVerdict, maxSilenceMs: number): number {
  if (!Number.isFinite(maxSilenceMs) || maxSilenceMs <= 0) {
    throw new RangeError(`maxSilenceMs must be a positive number of milliseconds (the device's endOfTurnSilenceMs setting), got ${String(maxSilenceMs)}`);
  }
  return verdict === 'finished' ? Math.min(FINISHED_SILENCE_MS, maxSilenceMs) : maxSilenceMs;
}

const words = (text: string) => text.split(' ');
const set = (text: string) => new Set(words(text));

/** Hesitation sounds: a pause after one is a pause to think, never an ending. */
const FILLERS = set('um umm uh uhh uhm er erm ah ahh eh hmm hm hmmm mm mmm mhm');
/** Fillers that are also ordinary words: only fillers at the very end ("it's like", "you know,"). */
const TRAILING_FILLER_PHRASES = [['like'], ['you', 'know'], ['i', 'mean'], ['kind', 'of'], ['sort', 'of']];
/** Words before a trailing "you know" / "I mean" that make it part of the clause: "as you know", "that's what I mean". */
const FILLER_PHRASE_EXCEPTIONS = set('as if what do did');

/** A clause joined by these must go on: "I would use a reducer because". */
const CONJUNCTIONS = set('and but or nor so because cause cos since although unless whereas whether if when while until till plus than as');
/** Endings where the conjunction is part of a complete phrase ("I think so.", "for a while", "what if?"). */
const CONJUNCTION_EXCEPTIONS: Record<string, Set<string>> = {
  so: set('think guess hope believe suppose say said do did doing not even or is was'),
  while: set('a little worth'),
  if: set('as what'),
  when: set('since say'),
  until: set('not'),
};
/** "then" is an adverb after a verb ("We'd ship it then."); it joins a next step only after a comma or one of these. */
const THEN_JOINERS = set('and so but or');
/** "that" opens a clause after verbs of saying and thinking ("I think that"); elsewhere it is a pronoun ("I'd do that."). */
const THAT_CLAUSE_OPENERS = set('think thought say said know knew believe mean means meant so such sure guess feel hope realise realize assume ensure is was note noticed given except found');
/** "which" ends a sentence only as a question ("Which?"); otherwise it opens a relative clause. */
const RELATIVE = set('which whose whom');

/**
 * Words that cannot end a noun phrase. Demonstratives ("this", "these") are
 * left out: they stand alone as pronouns ("I'd do this.").
 */
const ARTICLES = set('a an the my your our their its every');
/**
 * Prepositions that need an object. Particles that often end a sentence
 * ("break it up", "I've done it before") are left out; stranded prepositions
 * in a question ("What is it used for?") are excused by the question rule.
 */
const PREPOSITIONS = set('to of with for in on at from into onto about by between among via per toward towards within without through across against upon');
/** Complete phrases ending in a preposition. */
const PREPOSITION_PHRASES = [
  'and so on', 'so on', 'later on', 'on and on', 'goes on', 'go on', 'going on', 'move on', 'moves on', 'hold on', 'carry on',
  'log in', 'logs in', 'logged in', 'sign in', 'signs in', 'signed in', 'built in', 'plug in', 'plugged in', 'opt in', 'turn on', 'turned on',
].map(words);

/** A lone word that opens an answer rather than being one. */
const PREAMBLES = ['okay', 'ok', 'alright', 'all right', 'sure', 'right', 'so', 'well', 'so okay', 'okay so', 'yeah so', 'sure so'].map(words);
/** Last sentences that announce an answer still to come. */
const THINKING_ALOUD = [
  'let me think',
  'let me see',
  'let me think about that',
  'let me think about it',
  'let me think about this',
  'give me a second',
  'give me a moment',
  'give me a minute',
  'one second',
  'one moment',
  'good question',
  "that's a good question",
  "that's a great question",
  'great question',
  "let's see",
  'how do i put this',
].map(words);

/** Second person: the question is addressed to the interviewer. */
const SECOND_PERSON = set("you your yours you're you've you'd you'll yourself");
/** A question opening "Should I …", "Can I …": asking the interviewer's leave. */
const LEAVE_VERBS = set('should can could may shall do am must');
/** Tag questions asking the interviewer to confirm: "It's O(n), right?". */
const CONFIRMATION_TAGS = set('right correct yes yeah no okay ok true sorry pardon');

/**
 * Whisper's notes for sounds that are not speech: "[BLANK_AUDIO]", "(coughs)",
 * "*laughs*", "♪". A parenthesis counts only after a space or the start, so
 * "O(n)" stays.
 */
const NOISE_ANNOTATIONS = /\[[^\]]*\]|(^|\s)\([^)]*\)|\*[^*]*\*|[♪♫]+/gu;

interface Shape {
  /** The words, lower-cased, with typographic apostrophes made plain. */
  words: string[];
  /** The words of the last sentence (after the last . ! or ? inside the text). */
  lastSentence: string[];
  /** What closes the text: the last mark, with trailing quotes and brackets ignored. */
  ending: 'full-stop' | 'question' | 'ellipsis' | 'dash' | 'comma' | 'colon' | 'none';
  /** A comma stands right before the last word ("If it fails, then."). */
  commaBeforeLast: boolean;
}

function shapeOf(text: string): Shape {
  const plain = text.replace(/[’‘`]/g, "'").toLowerCase();
  const tail = plain.replace(/["'”“)\]\s]+$/u, '');
  const ending: Shape['ending'] = /(\.\.\.|…)$/u.test(tail)
    ? 'ellipsis'
    : /[-–—]$/u.test(tail)
      ? 'dash'
      : /\?$/u.test(tail)
        ? 'question'
        : /[.!]$/u.test(tail)
          ? 'full-stop'
          : /,$/u.test(tail)
            ? 'comma'
            : /[:;]$/u.test(tail)
              ? 'colon'
              : 'none';
  const toWords = (part: string) => part.match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? [];
  const sentences = tail.split(/(?<![.…])[.!?](?!\.)\s+/u);
  const commaBeforeLast = /,\s*[\p{L}\p{N}'-]+[.!?…]*$/u.test(tail);
  return { words: toWords(plain), lastSentence: toWords(sentences.at(-1) ?? ''), ending, commaBeforeLast };
}

const endsWith = (list: readonly string[], phrase: readonly string[]) =>
  list.length >= phrase.length && phrase.every((word, i) => list[list.length - phrase.length + i] === word);
const equals = (list: readonly string[], phrase: readonly string[]) => list.length === phrase.length && endsWith(list, phrase);

/** Which ending-word rule, if any, says the clause was cut. */
function trailingWordRule({ words: list, ending, commaBeforeLast }: Shape): EndOfTurnRule | null {
  const last = list.at(-1)!;
  const before = list.at(-2) ?? '';
  if (FILLERS.has(last)) return 'trailing-filler';
  for (const phrase of TRAILING_FILLER_PHRASES) {
    if (!endsWith(list, phrase)) continue;
    const preceding = list.at(-phrase.length - 1) ?? '';
    if (phrase.length > 1 && FILLER_PHRASE_EXCEPTIONS.has(preceding)) continue;
    // "like" is also a verb ("which one would you like?") and a preposition: a question excuses it.
    if (ending === 'question') continue;
    return 'trailing-filler';
  }
  if (last === 'then') return commaBeforeLast || THEN_JOINERS.has(before) ? 'trailing-conjunction' : null;
  if (last === 'that') return THAT_CLAUSE_OPENERS.has(before) ? 'trailing-conjunction' : null;
  if (RELATIVE.has(last) && list.length > 1) return 'trailing-conjunction';
  // Comparisons and clauses both need their second half: "faster than", "such as", "because".
  if (CONJUNCTIONS.has(last) && !CONJUNCTION_EXCEPTIONS[last]?.has(before)) return 'trailing-conjunction';
  if (ARTICLES.has(last)) return 'trailing-article';
  // A question strands its preposition legitimately: "What is it used for?".
  if (ending !== 'question' && PREPOSITIONS.has(last) && !PREPOSITION_PHRASES.some((phrase) => endsWith(list, phrase))) return 'trailing-preposition';
  return null;
}

function addressesInterviewer(sentence: readonly string[]): boolean {
  if (sentence.some((word) => SECOND_PERSON.has(word))) return true;
  const [first, second] = sentence;
  if (first !== undefined && second !== undefined && LEAVE_VERBS.has(first) && (second === 'i' || second === 'we')) return true;
  const last = sentence.at(-1);
  return last !== undefined && CONFIRMATION_TAGS.has(last);
}

export function judgeAnswerEnd(transcript: string): EndOfTurnJudgement {
  if (transcript.trim().length === 0) return { verdict: 'unknown', rule: 'empty' };
  const spoken = transcript.replace(NOISE_ANNOTATIONS, ' ').trim();
  if (spoken.length === 0) return { verdict: 'unknown', rule: 'noise-only' };
  const shape = shapeOf(spoken);
  if (shape.words.length === 0) return { verdict: 'unknown', rule: 'no-words' };
  // "Um." on its own is not an answer yet; the candidate is gathering their thoughts.
  if (shape.words.every((word) => FILLERS.has(word))) return { verdict: 'unknown', rule: 'filler-only' };

  // A trailing-off mark is the transcriber hearing the voice hang: the thought is not done.
  if (shape.ending === 'ellipsis') return { verdict: 'unfinished', rule: 'ellipsis' };
  if (shape.ending === 'dash') return { verdict: 'unfinished', rule: 'trailing-dash' };
  if (shape.ending === 'comma') return { verdict: 'unfinished', rule: 'trailing-comma' };
  if (shape.ending === 'colon') return { verdict: 'unfinished', rule: 'trailing-colon' };

  // Whisper closes a cut clause with a full stop anyway ("I would use a."), so the last word outranks the mark.
  const wordRule = trailingWordRule(shape);
  if (wordRule) return { verdict: 'unfinished', rule: wordRule };

  const content = shape.words.filter((word) => !FILLERS.has(word));
  if (PREAMBLES.some((phrase) => equals(content, phrase))) return { verdict: 'unfinished', rule: 'preamble-only' };
  const lastSentence = shape.lastSentence.filter((word) => !FILLERS.has(word));
  if (THINKING_ALOUD.some((phrase) => equals(lastSentence, phrase))) return { verdict: 'unfinished', rule: 'thinking-aloud' };

  if (shape.ending === 'question') {
    // Asking the interviewer hands the turn over; asking oneself ("So what's the cost here?") comes before the answer.
    return addressesInterviewer(lastSentence)
      ? { verdict: 'finished', rule: 'question-to-interviewer' }
      : { verdict: 'unfinished', rule: 'self-question' };
  }
  if (shape.ending === 'full-stop') return { verdict: 'finished', rule: 'ends-with-full-stop' };
  return { verdict: 'unfinished', rule: 'no-final-punctuation' };
}
