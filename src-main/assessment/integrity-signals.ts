import { integrityFlagTypes, integritySeverities } from '../../shared/domain/assessment';
import type { IntegrityFlag, IntegritySeverity } from '../../shared/domain/assessment';
import { prohibitedProcessCategories } from '../../shared/domain/settings';
import { displayCountWords, evidenceNote, microphoneChangeWords, mirroredWords, programWords, textDetail } from '../../shared/copy/integrity-event-words';
import { refOf, type ScoredEvent, type ScoredQuestion, type ScoringInput } from './scoring-input';

/*
 * The integrity signals measured by code: answer timings from the kiosk's
 * voice detector, and the kiosk's focus and paste events. Each rule is a
 * plain threshold a recruiter can check against the numbers in the flag.
 * None of them proves misconduct; they point the recruiter (and the model's
 * integrity pass) at answers worth a second look.
 *
 * How the timings are measured (src-renderer/.../interview-session.ts,
 * src-main/interview/answer-saver.ts): responseTimeMs runs from the end of
 * the spoken question to the first speech; speechMs sums the voice
 * segments, so it leaves out pauses longer than the detector's ~600 ms
 * redemption; pauseMs is the silence between the segments.
 */

/** Questions at difficulty 4 or 5 of 5 call for thinking before a complete answer; easier ones may be answered at once. */
export const HARD_DIFFICULTY = 4;

/**
 * Starting a complete answer to a hard question within 1.5 s of the
 * question ending leaves no time to think it through; it suggests the
 * answer was ready before the question was finished.
 */
export const FAST_START_MS = 1500;

/** A quarter of the candidate's own usual wait before answering: far faster than they answer anything else. */
export const RELATIVE_FAST_FACTOR = 0.25;

/** Fewer other answers than this make too shaky a "usual" to compare one answer with. */
export const BASELINE_MIN_ANSWERS = 3;

/** About half a minute of speech: a full answer rather than a quick remark or a guess. */
export const LONG_ANSWER_WORDS = 80;

/**
 * Ten seconds of silence before the first word. Thinking that long is
 * normal; it is the fluent answer after it that looks read out. Only the
 * silence before the answer is judged: a pause inside an answer ends the
 * answer after the kiosk's end-of-answer silence (2 s by default), and
 * pauseMs is a sum that cannot show one long pause.
 */
export const LONG_SILENCE_MS = 10_000;

/** At most a tenth of the answer spent in pauses: spoken reasoning pauses more, reading aloud hardly at all. */
export const FLUENT_MAX_PAUSE_SHARE = 0.1;

/** A steady conversational rate or faster; halting speech comes in slower. */
export const FLUENT_MIN_WPM = 130;

/** Speaking rate is judged only over 40 words and 10 s of speech: the detector's edges and word counting make short answers' rates noise. */
export const RATE_MIN_WORDS = 40;
export const RATE_MIN_SPEECH_MS = 10_000;

/**
 * Conversational speech runs at 120-160 words a minute; speechMs leaves out
 * the longer pauses, which lifts the measured rate 10-20 %. Above 210 is
 * faster than people talk while working something out, and typical of
 * reading aloud.
 */
export const FAST_SPEECH_WPM = 210;

/** 40 % faster than the candidate's own usual rate: a change of delivery, not of topic. */
export const RELATIVE_RATE_FACTOR = 1.4;

/** Below this a rate is ordinary speech however slow the candidate usually is. */
export const RELATIVE_RATE_FLOOR_WPM = 170;

/** Away for half a minute or more: long enough to look something up. */
export const LONG_AWAY_MS = 30_000;

/** Three or more times away during one question is a pattern, not a stray click. */
export const REPEATED_AWAY_COUNT = 3;

/** A paragraph or more: as much text as a spoken answer. */
export const LONG_PASTE_CHARACTERS = 200;

/**
 * Timing patterns have innocent explanations (a prepared or quick-speaking
 * candidate), so they are never very sure; kiosk events are facts, and only
 * their meaning is in doubt.
 */
const TIMING_CONFIDENCE: Record<IntegritySeverity, number> = { low: 0.35, medium: 0.55, high: 0.7 };
const EVENT_CONFIDENCE: Record<IntegritySeverity, number> = { low: 0.5, medium: 0.7, high: 0.9 };

/**
 * Every measured flag, sorted by question number (events before the first
 * question first), then by severity, highest first. Timing rules give at
 * most one flag of each type per answer; kiosk events give one focus_loss,
 * one paste_event and one suspected_outside_help flag per question, covering
 * everything that happened from the question being asked until the next
 * one, so a recruiter reads one line per question rather than one per blur.
 */
export function measureIntegrity(input: Pick<ScoringInput, 'questions' | 'events'>): IntegrityFlag[] {
  const answers = input.questions.flatMap((question) => (question.answer ? [measureAnswer(question)] : []));
  const flags = [
    ...answers.flatMap((answer) => [responseTiming(answer, answers), silenceThenFluent(answer), speakingRate(answer, answers)]),
    ...eventFlags(input.questions, input.events),
  ].filter((flag): flag is IntegrityFlag => flag !== null);
  return flags.sort(byQuestionThenSeverity);
}

interface AnswerMeasures {
  question: ScoredQuestion;
  words: number;
  responseTimeMs: number | null;
  speechMs: number | null;
  pauseMs: number | null;
  /** Over speechMs; null when there was no measured speech. */
  wordsPerMinute: number | null;
}

function measureAnswer(question: ScoredQuestion): AnswerMeasures {
  const answer = question.answer!;
  const words = answer.text.split(/\s+/).filter((word) => word.length > 0).length;
  const speechMs = answer.speechMs;
  return {
    question,
    words,
    responseTimeMs: answer.responseTimeMs,
    speechMs,
    pauseMs: answer.pauseMs,
    wordsPerMinute: speechMs !== null && speechMs > 0 ? (words * 60_000) / speechMs : null,
  };
}

function responseTiming(answer: AnswerMeasures, all: readonly AnswerMeasures[]): IntegrityFlag | null {
  const { question, responseTimeMs, words } = answer;
  const difficulty = question.difficulty;
  if (difficulty === null || difficulty < HARD_DIFFICULTY || responseTimeMs === null || words < LONG_ANSWER_WORDS) return null;
  // A long answer the engine judged a struggle is not a ready-made one.
  if (question.judgement?.struggled) return null;
  const usual = median(all.filter((other) => other !== answer).map((other) => other.responseTimeMs));
  const fast = responseTimeMs <= FAST_START_MS;
  const fastForThem = usual !== null && responseTimeMs <= usual * RELATIVE_FAST_FACTOR;
  if (!fast && !fastForThem) return null;
  const severity = fast && fastForThem ? 'high' : fast ? 'medium' : 'low';
  const compared = usual === null ? '' : ` This candidate usually started after ${seconds(usual)}.`;
  return {
    type: 'response_timing_anomaly',
    severity,
    confidence: TIMING_CONFIDENCE[severity],
    evidence: `Answered question ${question.number}${difficultyNote(question)} ${seconds(responseTimeMs)} after it was asked, with a ${words}-word answer.${compared}`,
    source: 'measured',
    refs: [refOf(question)],
    measurements: {
      responseTimeMs,
      words,
      difficulty,
      ...(usual === null ? {} : { medianResponseTimeMs: Math.round(usual) }),
    },
  };
}

function silenceThenFluent(answer: AnswerMeasures): IntegrityFlag | null {
  const { question, responseTimeMs, speechMs, pauseMs, words, wordsPerMinute } = answer;
  if (responseTimeMs === null || speechMs === null || pauseMs === null || wordsPerMinute === null) return null;
  const pauseShare = pauseMs / (speechMs + pauseMs);
  const fluent = words >= LONG_ANSWER_WORDS && pauseShare <= FLUENT_MAX_PAUSE_SHARE && wordsPerMinute >= FLUENT_MIN_WPM;
  if (responseTimeMs < LONG_SILENCE_MS || !fluent) return null;
  // Reading out a looked-up answer matters most where the candidate would otherwise have had to work it out.
  const hard = question.difficulty !== null && question.difficulty >= HARD_DIFFICULTY;
  const severity = hard ? 'high' : 'medium';
  return {
    type: 'silence_then_fluent_answer',
    severity,
    confidence: TIMING_CONFIDENCE[severity],
    evidence:
      `Silent for ${seconds(responseTimeMs)} after question ${question.number}${difficultyNote(question)}, then answered ${words} words ` +
      `at ${Math.round(wordsPerMinute)} words a minute with ${seconds(pauseMs)} of pauses in all.`,
    source: 'measured',
    refs: [refOf(question)],
    measurements: {
      responseTimeMs,
      words,
      wordsPerMinute: Math.round(wordsPerMinute),
      pauseMs,
      pausePercent: Math.round(pauseShare * 100),
    },
  };
}

function speakingRate(answer: AnswerMeasures, all: readonly AnswerMeasures[]): IntegrityFlag | null {
  if (!rateJudgeable(answer)) return null;
  const { question, words, speechMs } = answer;
  const wordsPerMinute = answer.wordsPerMinute!;
  const usual = median(all.filter((other) => other !== answer && rateJudgeable(other)).map((other) => other.wordsPerMinute));
  const fast = wordsPerMinute > FAST_SPEECH_WPM;
  const fastForThem = usual !== null && wordsPerMinute >= usual * RELATIVE_RATE_FACTOR && wordsPerMinute >= RELATIVE_RATE_FLOOR_WPM;
  if (!fast && !fastForThem) return null;
  const severity = fast && fastForThem ? 'high' : fast ? 'medium' : 'low';
  const compared = usual === null ? '' : ` This candidate's other answers ran at about ${Math.round(usual)} words a minute.`;
  return {
    type: 'speaking_rate_anomaly',
    severity,
    confidence: TIMING_CONFIDENCE[severity],
    evidence: `Answered question ${question.number} at ${Math.round(wordsPerMinute)} words a minute (${words} words in ${seconds(speechMs!)} of speech).${compared}`,
    source: 'measured',
    refs: [refOf(question)],
    measurements: {
      wordsPerMinute: Math.round(wordsPerMinute),
      words,
      speechMs: speechMs!,
      ...(usual === null ? {} : { medianWordsPerMinute: Math.round(usual) }),
    },
  };
}

function rateJudgeable(answer: AnswerMeasures): boolean {
  return answer.wordsPerMinute !== null && answer.words >= RATE_MIN_WORDS && answer.speechMs !== null && answer.speechMs >= RATE_MIN_SPEECH_MS;
}

/** One stretch of the kiosk window being unfocused or hidden; durationMs is null when no return was recorded. */
interface Away {
  durationMs: number | null;
  midAnswer: boolean;
}

/** The kiosk events from one question being asked until the next (question null: before the first). */
interface EventGroup {
  question: ScoredQuestion | null;
  aways: Away[];
  pastes: { characters: number | null; midAnswer: boolean }[];
  shortcuts: number;
  displays: number;
  /** The displays as they stood each time they broke IT's display policy ("1 display connected, none built in"). */
  displayPolicy: (string | null)[];
  /** A monitor mirroring the kiosk's screen, in words ("3 monitors driven, 2 displays shown"). */
  mirrored: (string | null)[];
  /** The kiosk watch's sightings (src-main/kiosk-watch), in words: each program once per interview, where it was first seen. */
  programs: { words: string; severity: IntegritySeverity }[];
  virtualMachines: { vendor: string | null; source: string | null }[];
  remoteSessions: { via: string | null; source: string | null }[];
  /** The page's watch of the microphone (microphone-watch.ts): a virtual one's label, a change from one to another in words. */
  virtualMicrophones: string[];
  microphoneChanges: string[];
}

const leaving = new Set(['focus_lost', 'window_hidden']);
const returning = new Set(['focus_returned', 'window_shown']);

function eventFlags(questions: readonly ScoredQuestion[], events: readonly ScoredEvent[]): IntegrityFlag[] {
  const groups = new Map<number, EventGroup>();
  const groupAt = (question: ScoredQuestion | null): EventGroup => {
    const key = question?.number ?? 0;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { question, aways: [], pastes: [], shortcuts: 0, displays: 0, displayPolicy: [], mirrored: [], programs: [], virtualMachines: [], remoteSessions: [], virtualMicrophones: [], microphoneChanges: [] }));
    return group;
  };
  // Main stamps each event with its own clock, so a time that does not parse is a damaged row: there is no question to put it with.
  const timed = events
    .map((event) => ({ event, at: Date.parse(event.occurredAt) }))
    .filter(({ at }) => Number.isFinite(at))
    .sort((a, b) => a.at - b.at);

  // Hiding the window usually blurs it too, so one away stretch runs from the first leaving event to the first return after it.
  let open: { away: Away; at: number } | null = null;
  for (const { event, at } of timed) {
    const question = questionAt(questions, at);
    const midAnswer = question !== null && answerPending(question, at);
    if (leaving.has(event.kind)) {
      if (open) continue;
      open = { away: { durationMs: null, midAnswer }, at };
      groupAt(question).aways.push(open.away);
    } else if (returning.has(event.kind)) {
      if (!open) continue;
      open.away.durationMs = at - open.at;
      open = null;
    } else if (event.kind === 'paste') {
      const characters = event.details?.['characters'];
      groupAt(question).pastes.push({ characters: typeof characters === 'number' && characters >= 0 ? characters : null, midAnswer });
    } else if (event.kind === 'shortcut_attempted') {
      groupAt(question).shortcuts += 1;
    } else if (event.kind === 'display_added') {
      groupAt(question).displays += 1;
    } else if (event.kind === 'display_policy_broken') {
      groupAt(question).displayPolicy.push(displayCountWords(event.details));
    } else if (event.kind === 'display_mirrored') {
      groupAt(question).mirrored.push(mirroredWords(event.details));
    } else if (event.kind === 'prohibited_process') {
      groupAt(question).programs.push({ words: programWords(event.details), severity: programSeverity(textDetail(event.details, 'category')) });
    } else if (event.kind === 'virtual_machine') {
      groupAt(question).virtualMachines.push({ vendor: textDetail(event.details, 'vendor'), source: textDetail(event.details, 'source') });
    } else if (event.kind === 'remote_session') {
      groupAt(question).remoteSessions.push({ via: textDetail(event.details, 'via'), source: textDetail(event.details, 'source') });
    } else if (event.kind === 'virtual_microphone') {
      groupAt(question).virtualMicrophones.push(textDetail(event.details, 'label') ?? 'a microphone whose name was not recorded');
    } else if (event.kind === 'microphone_changed') {
      groupAt(question).microphoneChanges.push(microphoneChangeWords(event.details));
    }
  }
  return [...groups.values()].flatMap((group) =>
    [focusFlag(group), pasteFlag(group), outsideHelpFlag(group)].filter((flag): flag is IntegrityFlag => flag !== null),
  );
}

/** A program of a locking category rates high, another browser (only recorded) low, one of no known category medium. */
function programSeverity(category: string | null): IntegritySeverity {
  if (category === null || !prohibitedProcessCategories.some((known) => known === category)) return 'medium';
  return category === 'other_browser' ? 'low' : 'high';
}

/** The question asked most recently at `at`; null before the first one. */
export function questionAt(questions: readonly ScoredQuestion[], at: number): ScoredQuestion | null {
  let current: ScoredQuestion | null = null;
  for (const question of questions) {
    const askedAt = Date.parse(question.askedAt);
    if (askedAt <= at && (current === null || askedAt >= Date.parse(current.askedAt))) current = question;
  }
  return current;
}

function answerPending(question: ScoredQuestion, at: number): boolean {
  return question.answer === null || at < Date.parse(question.answer.answeredAt);
}

/*
 * A blocked shortcut and a newly connected display go with focus loss (the
 * kiosk watch's sightings with suspected outside help, below): the
 * fixed flag types have no better place for them, and each is about the
 * candidate's attention leaving the interview window (trying to switch away,
 * a second screen to read from), so the recruiter sees them together.
 */
function focusFlag(group: EventGroup): IntegrityFlag | null {
  const { aways, shortcuts, displays, displayPolicy, mirrored } = group;
  if (aways.length === 0 && shortcuts === 0 && displays === 0 && displayPolicy.length === 0 && mirrored.length === 0) return null;
  const awayMs = aways.reduce((sum, away) => sum + (away.durationMs ?? 0), 0);
  const longestAwayMs = Math.max(0, ...aways.map((away) => away.durationMs ?? 0));
  const unreturned = aways.some((away) => away.durationMs === null);
  const midAnswer = aways.filter((away) => away.midAnswer).length;

  const sentences: string[] = [];
  if (aways.length > 0) {
    const longest = longestAwayMs > 0 ? ` (longest ${seconds(longestAwayMs)})` : '';
    const total = awayMs === 0 ? '' : aways.length === 1 ? `, for ${seconds(awayMs)}` : `, away ${seconds(awayMs)} in all${longest}`;
    const gone = unreturned ? '; it was not recorded coming back' : '';
    sentences.push(`The kiosk window lost focus or was hidden ${times(aways.length)} ${whereIn(group.question, midAnswer, aways.length)}${total}${gone}.`);
  }
  const during = group.question ? `during question ${group.question.number}` : 'before the first question';
  if (displays > 0) sentences.push(`A display was connected ${times(displays)} ${during}.`);
  if (displayPolicy.length > 0) {
    const last = displayPolicy.at(-1);
    sentences.push(`The displays broke IT’s display policy ${times(displayPolicy.length)} ${during}${last ? ` (${last})` : ''}.`);
  }
  if (mirrored.length > 0) {
    const last = mirrored.at(-1);
    sentences.push(`A display mirrored the kiosk’s screen ${times(mirrored.length)} ${during}${last ? ` (${last})` : ''}.`);
  }
  if (shortcuts > 0) sentences.push(`A system keyboard shortcut was tried ${times(shortcuts)} ${during}.`);

  const longOrRepeated = awayMs >= LONG_AWAY_MS || aways.length >= REPEATED_AWAY_COUNT || unreturned;
  const awaySeverity: IntegritySeverity | null =
    aways.length === 0 ? null : midAnswer > 0 && longOrRepeated ? 'high' : midAnswer > 0 || longOrRepeated ? 'medium' : 'low';
  // A new screen mid-interview is seldom innocent; a shortcut the kiosk blocked may be habit.
  const severity = highest([awaySeverity, displays > 0 || displayPolicy.length > 0 || mirrored.length > 0 ? 'medium' : null, shortcuts > 0 ? 'low' : null]);
  return {
    type: 'focus_loss',
    severity,
    confidence: EVENT_CONFIDENCE[severity],
    evidence: sentences.join(' '),
    source: 'measured',
    refs: group.question ? [refOf(group.question)] : [],
    measurements: {
      eventCount: aways.length,
      awayMs,
      ...(aways.length > 1 ? { longestAwayMs } : {}),
      ...(midAnswer > 0 ? { midAnswerCount: midAnswer } : {}),
      ...(displays > 0 ? { displayAddedCount: displays } : {}),
      ...(displayPolicy.length > 0 ? { displayPolicyCount: displayPolicy.length } : {}),
      ...(mirrored.length > 0 ? { mirroredDisplayCount: mirrored.length } : {}),
      ...(shortcuts > 0 ? { shortcutAttemptCount: shortcuts } : {}),
    },
  };
}

/*
 * What the kiosk's own watch saw during a sitting (src-main/kiosk-watch)
 * goes with suspected outside help, measured: of the fixed flag types it is
 * what each of them makes possible. A prohibited program is recorded once
 * per interview, where it was first seen running, so "found running during
 * question 3" says when it turned up, not that it ran only then. Programs of
 * the categories that lock the kiosk (someone watching or working it, answers
 * drawn over it, another voice fed in) rate high; another browser, which the
 * kiosk only records, low. A virtual machine or a remote session is a fact
 * about the kiosk IT did not allow rather than something the candidate did:
 * medium. So is a virtual microphone (it can feed in another voice, but a
 * noise filter is virtual too) and a microphone that changed mid-interview
 * (swapped, or unplugged by accident): worth asking about, never proof.
 */
function outsideHelpFlag(group: EventGroup): IntegrityFlag | null {
  const { programs, virtualMachines, remoteSessions, virtualMicrophones, microphoneChanges } = group;
  const microphones = virtualMicrophones.length + microphoneChanges.length;
  if (programs.length === 0 && virtualMachines.length === 0 && remoteSessions.length === 0 && microphones === 0) return null;
  const sentences: string[] = [];
  if (programs.length > 0) {
    const during = group.question ? `during question ${group.question.number}` : 'before the first question';
    const named = programs.map((program) => program.words);
    sentences.push(
      programs.length === 1
        ? `A prohibited program was found running ${during}: ${named[0]}.`
        : `${programs.length} prohibited programs were found running ${during}: ${named.join(', ')}.`,
    );
  }
  for (const machine of virtualMachines) sentences.push(`The kiosk was running in a virtual machine${evidenceNote(machine.vendor, machine.source)}.`);
  for (const session of remoteSessions) sentences.push(`The kiosk was being used through a remote session${evidenceNote(session.via, session.source)}.`);
  for (const label of virtualMicrophones) sentences.push(`The microphone in use was a virtual one: ${label}.`);
  for (const change of microphoneChanges) sentences.push(`The microphone changed during the interview, ${change}.`);

  const severity = highest([
    ...programs.map((program) => program.severity),
    virtualMachines.length > 0 ? 'medium' : null,
    remoteSessions.length > 0 ? 'medium' : null,
    microphones > 0 ? 'medium' : null,
  ]);
  return {
    type: 'suspected_outside_help',
    severity,
    confidence: EVENT_CONFIDENCE[severity],
    evidence: sentences.join(' '),
    source: 'measured',
    refs: group.question ? [refOf(group.question)] : [],
    measurements: {
      ...(programs.length > 0 ? { prohibitedProgramCount: programs.length } : {}),
      ...(virtualMachines.length > 0 ? { virtualMachineCount: virtualMachines.length } : {}),
      ...(remoteSessions.length > 0 ? { remoteSessionCount: remoteSessions.length } : {}),
      ...(virtualMicrophones.length > 0 ? { virtualMicrophoneCount: virtualMicrophones.length } : {}),
      ...(microphoneChanges.length > 0 ? { microphoneChangeCount: microphoneChanges.length } : {}),
    },
  };
}

/*
 * Where the paste landed (inTextField) is not used: the interview screen has
 * no field to answer in, so a paste matters for what it says about the
 * clipboard (text brought in from elsewhere), not where it went.
 */
function pasteFlag(group: EventGroup): IntegrityFlag | null {
  const { pastes } = group;
  if (pastes.length === 0) return null;
  const known = pastes.flatMap((paste) => (paste.characters === null ? [] : [paste.characters]));
  const characters = known.reduce((sum, count) => sum + count, 0);
  const severity: IntegritySeverity = characters >= LONG_PASTE_CHARACTERS ? 'high' : characters > 0 ? 'medium' : 'low';
  const size = known.length === 0 ? '' : pastes.length === 1 ? ` (${characters} characters)` : ` (${characters} characters in all)`;
  const midAnswer = pastes.filter((paste) => paste.midAnswer).length;
  return {
    type: 'paste_event',
    severity,
    confidence: EVENT_CONFIDENCE[severity],
    evidence: `Text was pasted into the kiosk window ${times(pastes.length)}${size} ${whereIn(group.question, midAnswer, pastes.length)}.`,
    source: 'measured',
    refs: group.question ? [refOf(group.question)] : [],
    measurements: { eventCount: pastes.length, ...(known.length === 0 ? {} : { characters }) },
  };
}

function whereIn(question: ScoredQuestion | null, midAnswer: number, count: number): string {
  if (!question) return 'before the first question';
  if (midAnswer === count) return `while question ${question.number} was being answered`;
  if (midAnswer === 0) return `after question ${question.number} was answered, before the next question`;
  return `during question ${question.number} (${midAnswer} of them while it was being answered)`;
}

function highest(severities: readonly (IntegritySeverity | null)[]): IntegritySeverity {
  const ranks = severities.map((severity) => (severity === null ? 0 : integritySeverities.indexOf(severity)));
  return integritySeverities[Math.max(...ranks)]!;
}

function byQuestionThenSeverity(a: IntegrityFlag, b: IntegrityFlag): number {
  return (
    (a.refs[0]?.number ?? 0) - (b.refs[0]?.number ?? 0) ||
    integritySeverities.indexOf(b.severity) - integritySeverities.indexOf(a.severity) ||
    integrityFlagTypes.indexOf(a.type) - integrityFlagTypes.indexOf(b.type)
  );
}

function median(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (known.length < BASELINE_MIN_ANSWERS) return null;
  const middle = Math.floor(known.length / 2);
  return known.length % 2 === 1 ? known[middle]! : (known[middle - 1]! + known[middle]!) / 2;
}

function seconds(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)} min ${total % 60} s`;
}

function times(count: number): string {
  return count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`;
}

function difficultyNote(question: ScoredQuestion): string {
  return question.difficulty === null ? '' : ` (difficulty ${question.difficulty} of 5)`;
}
