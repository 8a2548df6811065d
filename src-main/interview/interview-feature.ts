import { ABANDON_AFTER_MINUTES } from '../../shared/domain/interview';
import { answerModeOf, REASKS_PER_INTERVIEW, withExtraTime } from '../../shared/domain/proctoring';
import type { EventSink } from '../../shared/ipc/event-sink';
import type { Clock } from '../common/clock';
import type { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import type { LanguageModel, LiveTranscriber, SpeechToText, TextToSpeech } from '../providers/ai/types';
import type { IntegrityEventRepository } from '../repositories/integrity-event-repository';
import type { InterviewRepository } from '../repositories/interview-repository';
import type { ResumeRepository } from '../repositories/resume-repository';
import type { AnswerSegmentRepository } from '../repositories/answer-segment-repository';
import type { StoredFileRepository } from '../repositories/stored-file-repository';
import type { InterviewResources } from '../resources/interview-resources';
import type { SettingsService } from '../settings/settings-service';
import { InterviewStartLimit } from './start-limit';
import { AnswerIntake } from './answer-intake';
import { AnswerJudge } from './answer-judge';
import { AnswerSaver } from './answer-saver';
import { AnswerSegments } from './answer-segments';
import { BackgroundWork } from './background-work';
import { IntegrityEventIntake } from './integrity-event-intake';
import { IntegrityRecorder, type Transact } from './integrity-recorder';
import { InterviewAccess } from './interview-access';
import { InterviewActivity } from './interview-activity';
import { LiveTranscripts } from './live-transcripts';
import { InterviewLifecycle, type InterviewWebhookEvents, type ScoringQueue } from './interview-lifecycle';
import { interviewView, type ViewInterview } from './interview-view';
import { QuestionAsker } from './question-asker';
import { QuestionReplay } from './question-replay';
import { QuestionWriter, type EmitQuestionText } from './question-writer';
import { BankQuestionSpeaker } from './bank-question-speaker';
import { LaterAiWork } from './later-ai-work';
import type { JobHandler } from '../jobs/job-runner';
import type { JobRepository } from '../repositories/job-repository';
import { RuntimeRegistry } from './runtime-registry';
import { noSittings, type SittingGate } from './sitting-gate';
import { noConsentAsked, type ConsentGate } from './consent-gate';
import { PracticeQuestion } from './practice-question';
import { SpeakerCheck } from './speaker-check';
import { SpeechRelay } from './speech-relay';
import { TurnPipeline } from './turn-pipeline';

export interface InterviewFeatureDeps {
  interviews: InterviewRepository;
  files: StoredFileRepository;
  /** The segments of answers in progress, so a restart carries an answer on; without it one is lost with the process. */
  keptSegments?: AnswerSegmentRepository;
  scoring: ScoringQueue;
  /** Where transcriptions and judgements the AI service could not make now wait for it (issue 19). */
  jobs: JobRepository;
  integrityEvents: IntegrityEventRepository;
  resumes: ResumeRepository;
  transact: Transact;
  store: ContentStore;
  /** liveTranscriber: words while the candidate speaks; without it every segment is transcribed from its file. */
  ai: { languageModel: LanguageModel; speechToText: SpeechToText; textToSpeech: TextToSpeech; liveTranscriber?: LiveTranscriber };
  settings: SettingsService;
  events: EventSink;
  resources: InterviewResources;
  clock: Clock;
  logger: Logger;
  /** Called after the scoring job was queued, so an idle job runner starts it now rather than at its next poll. */
  wake?: () => void;
  /** A proctored kiosk's sittings (src-main/proctoring); none by default. */
  sittings?: SittingGate;
  /** The candidate's consent to the notice (src-main/consent); nothing asked by default. */
  consent?: ConsentGate;
  /** Webhooks (issue 21): interview.completed, written as the interview is submitted; none by default. */
  webhookEvents?: InterviewWebhookEvents;
}

/**
 * The spoken interview as the rest of the app uses it: the IPC handlers,
 * the shell (screen events), and tests and benchmarks (idle). Each call
 * only hands over to the part that owns it.
 */
export interface InterviewFeature {
  getCurrent: InterviewLifecycle['getCurrent'];
  start: InterviewLifecycle['start'];
  submit: InterviewLifecycle['submit'];
  speakQuestion: QuestionReplay['speakQuestion'];
  addSegment: AnswerIntake['addSegment'];
  endAnswer: AnswerIntake['endAnswer'];
  typedAnswer: AnswerIntake['typedAnswer'];
  reaskQuestion: AnswerIntake['reaskQuestion'];
  speculate: AnswerIntake['speculate'];
  continueAnswer: AnswerIntake['continueAnswer'];
  commitAnswer: AnswerIntake['commitAnswer'];
  discardAnswer: AnswerIntake['discardAnswer'];
  addLiveAudio: AnswerIntake['addLiveAudio'];
  recordIntegrityEvent: IntegrityEventIntake['recordIntegrityEvent'];
  recordScreenEvent: IntegrityEventIntake['recordScreenEvent'];
  testSpeaker: SpeakerCheck['testSpeaker'];
  askPractice: PracticeQuestion['ask'];
  hearPractice: PracticeQuestion['hear'];
  /** The persisted jobs that transcribe and judge, once the service is back, what it could not while the interview ran. */
  jobHandlers(): Record<string, JobHandler>;
  /** Whether an interview is in progress on this device (acted on within the idle limit): background work such as the bank's audio waits. */
  inProgress(): boolean;
  /** Resolves once work started after a call answered (judgements, question audio, replays) has finished; for tests and benchmarks. */
  idle(): Promise<void>;
  /** Stops provider calls and background writes; the database is closed next. */
  close(): void;
}

/**
 * A turn shown to the candidate is saved when the window says its continue
 * window (CONTINUE_WINDOW_MS) has passed; this is for a window that never
 * says, with room for a question slow to start playing.
 */
const COMMIT_BACKSTOP_MS = 20_000;

/** Builds the interview's parts and joins them; the composition root calls it once. */
export function createInterviewFeature(deps: InterviewFeatureDeps): InterviewFeature {
  const { ai, clock, logger, interviews } = deps;
  const sittings = deps.sittings ?? noSittings;
  const consent = deps.consent ?? noConsentAsked;
  const work = new BackgroundWork(logger);
  const isClosed = () => work.isClosed();
  const track = (promise: Promise<unknown>) => work.track(promise);

  // A segment's words go to the window that spoke them: live ones as heard, then the finished transcript.
  const emitTranscript = (event: { interviewId: string; questionMessageId: string; segmentIndex: number; text: string; final: boolean; upToPause?: true; windowId: string | null }) => {
    const { windowId, ...payload } = event;
    if (windowId) deps.events.emit(windowId, 'interview.segmentTranscript', payload);
  };
  const live = ai.liveTranscriber
    ? new LiveTranscripts({
        transcriber: ai.liveTranscriber,
        enabled: () => deps.settings.get().provider.liveTranscription,
        onDelta: (event) => emitTranscript({ ...event, final: false }),
        onPauseWords: (event) => emitTranscript({ ...event, final: false, upToPause: true }),
        logger,
      })
    : undefined;
  const segments = new AnswerSegments({ store: deps.store, files: deps.files, kept: deps.keptSegments, stt: ai.speechToText, logger, live, onTranscript: emitTranscript });
  const integrity = new IntegrityRecorder({ events: deps.integrityEvents, interviews, transact: deps.transact, clock });
  const relay = new SpeechRelay({ tts: ai.textToSpeech, emit: (windowId, payload) => deps.events.emit(windowId, 'interview.audio', payload), logger });
  const activity = new InterviewActivity({ interviews, clock });
  const judge = new AnswerJudge({
    languageModel: ai.languageModel,
    queueLater: (interviewId, questionMessageId) => later.queueJudgement(interviewId, questionMessageId),
    bankFor: (roleType) => deps.resources.bank(roleType),
    repository: interviews,
    logger,
    signal: work.signal,
    isClosed,
    background: track,
  });
  const later = new LaterAiWork({
    jobs: deps.jobs,
    interviews,
    store: deps.store,
    stt: ai.speechToText,
    judge,
    resources: deps.resources,
    loaded: (interviewId) => runtimes.loaded(interviewId),
    transact: deps.transact,
    clock,
    logger,
    signal: work.signal,
    scoring: deps.scoring,
    wake: deps.wake,
  });
  const runtimes = new RuntimeRegistry({
    interviews,
    resumes: deps.resumes,
    resources: deps.resources,
    judge,
    restoreAnswer: (runtime) => segments.restore(runtime.interviewId, runtime.currentQuestion()?.id ?? null, runtime.windowId),
    logger,
  });
  // An interview that was submitted or abandoned takes nothing more: what memory holds for it goes.
  const forget = (interviewId: string) => {
    turns.forget(interviewId);
    segments.discard(interviewId);
    integrity.forget(interviewId);
    runtimes.forget(interviewId);
  };
  const access = new InterviewAccess({
    interviews,
    runtimes,
    forget,
    heldByProctor: (interviewId) => sittings.holds(interviewId),
    admitCarryOn: (candidateId) => sittings.admitCarryOn(candidateId),
    accommodations: (interviewId) => sittings.accommodations(interviewId),
    clock,
    logger,
  });
  // A candidate granted extra time pauses within an answer half as long again before it ends; one granted typed answers types them.
  const view: ViewInterview = (runtime, interviewStatus) => {
    const granted = sittings.accommodations(runtime.interviewId);
    return interviewView(runtime, interviewStatus, {
      endOfTurnSilenceMs: withExtraTime(deps.settings.get().interview.endOfTurnSilenceMs, granted),
      answerMode: answerModeOf(granted),
      canReask: granted.includes('reask') && runtime.reasksUsed() < REASKS_PER_INTERVIEW,
      answerSoFar: (questionMessageId) => segments.answerSoFar(runtime.interviewId, questionMessageId),
    });
  };

  const emitText: EmitQuestionText = (windowId, payload) => deps.events.emit(windowId, 'interview.questionText', payload);
  const turns = new TurnPipeline({
    repository: interviews,
    saver: new AnswerSaver({
      repository: interviews,
      store: deps.store,
      segments,
      clock,
      logger,
      signal: work.signal,
      queueTranscription: (interviewId, messageId, tx) => later.queueTranscription(interviewId, messageId, tx),
      transact: deps.transact,
    }),
    asker: new QuestionAsker({
      repository: interviews,
      store: deps.store,
      writer: new QuestionWriter({ languageModel: ai.languageModel, relay, emitText }),
      bankSpeaker: new BankQuestionSpeaker({ relay, emitText }),
      bankFor: (roleType) => deps.resources.bank(roleType),
      clock,
      logger,
      signal: work.signal,
      background: track,
      isClosed,
    }),
    judge,
    limits: () => {
      const settings = deps.settings.get();
      return { tokenBudget: settings.provider.interviewTokenBudget, maxDurationMinutes: settings.interview.maxDurationMinutes };
    },
    pausedMs: (interviewId) => sittings.pausedMs(interviewId),
    clock,
    logger,
    isClosed,
    signal: work.signal,
    commitAfterMs: COMMIT_BACKSTOP_MS,
  });

  const replay = new QuestionReplay({ relay, work, access, activity });
  const startLimit = new InterviewStartLimit({
    clock,
    monotonicMs: () => performance.now(),
    startsOf: (candidateId, sinceIso) => interviews.startsOfCandidate(candidateId, sinceIso),
    perHour: () => deps.settings.get().interview.maxStartsPerHour,
  });
  const lifecycle = new InterviewLifecycle({
    interviews,
    startLimit,
    sittings,
    resumes: deps.resumes,
    resources: deps.resources,
    scoring: deps.scoring,
    transact: deps.transact,
    access,
    runtimes,
    turns,
    replay,
    forget,
    view,
    clock,
    logger,
    wake: () => deps.wake?.(),
    webhookEvents: deps.webhookEvents,
  });
  const answers = new AnswerIntake({ access, segments, activity, turns, view, live, accommodations: (interviewId) => sittings.accommodations(interviewId) });
  const integrityEvents = new IntegrityEventIntake({ interviews, access, recorder: integrity, runtimes, sittings });
  const speakerCheck = new SpeakerCheck({ relay, work, clock });
  const practice = new PracticeQuestion({ relay, stt: ai.speechToText, work, clock, granted: (candidateId) => sittings.grantedTo(candidateId) });

  return {
    getCurrent: (candidateId, windowId) => lifecycle.getCurrent(candidateId, windowId),
    // No recording before consent: each call that carries the candidate's voice or words asks first.
    start: (candidateId, input, windowId) => {
      consent.admit(candidateId);
      return lifecycle.start(candidateId, input, windowId);
    },
    submit: (candidateId, interviewId, windowId) => lifecycle.submit(candidateId, interviewId, windowId),
    speakQuestion: (candidateId, input, windowId) => replay.speakQuestion(candidateId, input, windowId),
    addSegment: async (candidateId, input, windowId) => {
      consent.admit(candidateId);
      return answers.addSegment(candidateId, input, windowId);
    },
    endAnswer: (candidateId, input, windowId) => answers.endAnswer(candidateId, input, windowId),
    typedAnswer: async (candidateId, input, windowId) => {
      consent.admit(candidateId);
      return answers.typedAnswer(candidateId, input, windowId);
    },
    reaskQuestion: (candidateId, input, windowId) => answers.reaskQuestion(candidateId, input, windowId),
    speculate: (candidateId, input, windowId) => answers.speculate(candidateId, input, windowId),
    continueAnswer: (candidateId, input, windowId) => answers.continueAnswer(candidateId, input, windowId),
    commitAnswer: (candidateId, input, windowId) => answers.commitAnswer(candidateId, input, windowId),
    discardAnswer: (candidateId, input) => answers.discardAnswer(candidateId, input),
    addLiveAudio: (candidateId, input, windowId) => {
      consent.admit(candidateId);
      answers.addLiveAudio(candidateId, input, windowId);
    },
    recordIntegrityEvent: (candidateId, input) => integrityEvents.recordIntegrityEvent(candidateId, input),
    recordScreenEvent: (candidateId, kind, details) => integrityEvents.recordScreenEvent(candidateId, kind, details),
    testSpeaker: (candidateId, windowId) => speakerCheck.testSpeaker(candidateId, windowId),
    askPractice: (candidateId, windowId) => practice.ask(candidateId, windowId),
    hearPractice: async (candidateId, wav) => {
      consent.admit(candidateId);
      return practice.hear(candidateId, wav);
    },
    jobHandlers: () => later.jobHandlers(),
    inProgress: () => runtimes.anyActiveSince(clock.now().getTime() - ABANDON_AFTER_MINUTES * 60_000),
    idle: () => work.idle(),
    close: () => {
      turns.close();
      work.close();
      segments.clear();
      runtimes.clear();
    },
  };
}
