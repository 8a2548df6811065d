import { join } from 'node:path';
import { systemClock, type Clock } from '../common/clock';
import { openDatabase, type AppDatabase } from '../db/open-database';
import { markDatabaseInUse } from '../db/in-use-marker';
import { BACKUPS_FOLDER } from '../db/backup-files';
import { BackupMaker } from '../backup/make-backup';
import { BackupSchedule } from '../backup/backup-job';
import { SetAsideAwareReferences } from '../backup/set-aside-references';
import { buildDiagnosticsBundle } from '../diagnostics/diagnostics-bundle';
import { AssessmentScorer } from '../assessment/assessment-scorer';
import { AuditTrailService } from '../assessment/audit-trail';
import { ExplanationPackService } from '../assessment/explanation/explanation-pack-service';
import { ReviewService } from '../assessment/review-service';
import { createAtsExport } from '../assessment/ats-export/create-ats-export';
import { ScoringJobs } from '../assessment/scoring-job';
import { loadScoringPrompts } from '../assessment/scoring-prompts';
import { ScoringService } from '../assessment/scoring-service';
import { createDispatcher, type Dispatch } from '../ipc/dispatcher';
import { EventHub } from '../ipc/event-hub';
import { ContentStore } from '../files/content-store';
import { ContentStoreSweep } from '../files/content-store-sweep';
import { InterviewResources } from '../resources/interview-resources';
import { createInterviewFeature } from '../interview/interview-feature';
import { BankAudio, type BankAudioTimings } from '../interview/bank-audio/bank-audio';
import { bankQuestionTexts } from '../interview/bank-audio/bank-texts';
import { createHandlers } from '../ipc/handlers';
import { AuditRetention } from '../jobs/audit-retention';
import { ContentRetention } from '../jobs/content-retention';
import { OrphanFileCleanup } from '../jobs/orphan-file-cleanup';
import { FileReferenceRepository } from '../repositories/file-reference-repository';
import { ContentExpiryRepository } from '../repositories/content-expiry-repository';
import { JobRunner, type JobRunnerOptions } from '../jobs/job-runner';
import { runnerIsAlive } from '../jobs/runner-liveness';
import type { Logger } from '../logging/logger-types';
import type { EmailSender } from '../providers/email/email-sender';
import { SmtpEmailSender } from '../providers/email/smtp-email-sender';
import { createResumeFeature } from '../resumes/resume-feature';
import { loadResumePrompts } from '../resumes/resume-prompts';
import { Metering, type UsageStore } from '../providers/ai/metering';
import { OpenAiClientFactory, type OpenAiProviderDeps } from '../providers/ai/openai-client';
import { Network, type NetworkAccess } from '../providers/network/network';
import { OpenAiLanguageModel } from '../providers/ai/openai-language-model';
import { OpenAiSpeechToText } from '../providers/ai/openai-speech-to-text';
import { OpenAiTextToSpeech } from '../providers/ai/openai-text-to-speech';
import { Resilience, type ResilienceOptions } from '../providers/ai/resilience';
import { ServiceAvailability } from '../providers/ai/service-availability';
import { TtsCache } from '../providers/ai/tts-cache';
import { AiUsageRepository } from '../repositories/ai-usage-repository';
import { AnswerSegmentRepository } from '../repositories/answer-segment-repository';
import { AuditRepository } from '../repositories/audit-repository';
import { AssessmentRepository } from '../repositories/assessment-repository';
import { DecisionRepository } from '../repositories/decision-repository';
import { CandidateRepository } from '../repositories/candidate-repository';
import { IntegrityEventRepository } from '../repositories/integrity-event-repository';
import { InterviewRepository } from '../repositories/interview-repository';
import { JobRepository } from '../repositories/job-repository';
import { ResumeFeedbackRepository } from '../repositories/resume-feedback-repository';
import { RecruiterRepository } from '../repositories/recruiter-repository';
import { ResumeRepository } from '../repositories/resume-repository';
import { StoredFileRepository } from '../repositories/stored-file-repository';
import type { SecretStore } from '../secrets/secret-store';
import { AuthService } from '../accounts/auth-service';
import { PasswordHasher } from '../accounts/password-hasher';
import { SessionStore } from '../accounts/session-store';
import { StaffService } from '../accounts/staff-service';
import type { SettingsService } from '../settings/settings-service';
import { SettingsViewFeed } from '../settings/settings-view-feed';
import { createWebhookFeature } from '../webhooks/webhook-feature';
import { WebhookRepository } from '../repositories/webhook-repository';
import { secretsNotifyingSync } from '../sync/credential-watch';
import { answerAudioSource, autoApprovalSource, deliveryGate, webhookDeliveryGate } from './sync-gates';
import { createErrorReporting } from './error-reporting';
import { kioskBusy } from './kiosk-busy';
import type { PostEnvelope } from '../errors/upload/error-upload';
import { SyncService, type SyncServiceDeps } from '../sync/sync-service';
import { SyncStateStore } from '../sync/sync-state-store';
import { kioskIdFrom } from '../proctoring/kiosk-id';
import { createComplianceFeature } from '../compliance/compliance-feature';
import { ConsentService } from '../consent/consent-service';
import { loadNotices } from '../consent/notices';
import { ConsentRepository } from '../repositories/consent-repository';
import { ErasureService } from '../erasure/erasure-service';
import { ErasureRepository } from '../repositories/erasure-repository';
import { ReviewViewRepository } from '../repositories/review-view-repository';
import { PinAttempts } from '../proctoring/pin-attempts';
import { lockSittingAfterRestart } from '../proctoring/restart-recovery';
import { ProctorControls } from '../proctoring/proctor-controls';
import { SittingService } from '../proctoring/sitting-service';
import { AiServiceStatusReporter } from '../proctoring/ai-service-status';
import { TRANSCRIBE_ANSWER_JOB_KIND } from '../../shared/domain/interview';
import { createSelfCheck } from '../self-check/self-check-service';
import { KioskWatch, type KioskWatchDeps } from '../kiosk-watch/kiosk-watch';
import { nodeConnectedDisplays } from '../kiosk-watch/connected-displays';
import { DisplayWatch, type DisplayWatchDeps } from '../kiosk-watch/display-watch';
import type { ShellFacts } from '../self-check/shell-checks';
import { nodeMachineProbe } from '../kiosk-watch/machine-probe';
import { nodeProcessLister } from '../kiosk-watch/process-lister';
import { DEFAULT_PROHIBITED_PROCESSES } from '../kiosk-watch/prohibited-processes';
import { SittingRepository } from '../repositories/sitting-repository';
import { sittingView } from '../proctoring/sitting-views';
import type { AiProviders, AppServices } from '../ipc/app-services';
import { ConfigurationRepository } from '../repositories/configuration-repository';
import { recordingConfigurationAtStart } from '../configuration/record-at-start';
import { configurationVerdict } from '../configuration/configuration-verdict';
import { configurationKey, configurationSummary } from '../configuration/configuration-key';
import { DeviceActivityRepository } from '../repositories/device-activity-repository';
import { diskSpace, type StatFs } from '../files/disk-space';
import { keychainState } from '../secrets/keychain-state';
import { FileErrorReports } from '../errors/error-store';
import type { DeviceHealthSources } from '../sync/device-health';
import { OpenAiRealtimeTranscriber } from '../providers/ai/openai-realtime-transcription';
import type { InstallerReport, UpdateInstaller } from '../updates/installer-port';
import { UpdateService } from '../updates/update-service';
import { detectInstallKind } from '../updates/install-kind';
import { logOnlyInstaller } from '../updates/log-only-installer';

export interface AppOptions {
  /** Where the database and files live (Electron's userData, or a folder the browser host is given). */
  dataDir: string;
  /** Where the logs are written, for the diagnostics bundle (Electron's logs folder); default `<dataDir>/logs`, the browser host's. */
  logsDir?: string;
  migrationsDir: string;
  /** Role definitions and prompt templates (`resources/` in the project, `resources/` beside the packaged app). */
  resourcesDir: string;
  settings: SettingsService;
  secrets: SecretStore;
  logger: Logger;
  version: string;
  /** Where Electron's crash reporter leaves minidumps (the shell's app.getPath('crashDumps')); absent without Electron. */
  crashDumpsDir?: string;
  /** Installs a verified update (issue 20, point 3): the core asks the Electron shell over its port; absent (the browser host), only logged. */
  updateInstaller?: UpdateInstaller;
  /** What only tests and benchmarks change, kept apart so the product's inputs read alone; the product passes none. */
  overrides?: AppOverrides;
}

/** The test knobs, in one place (tests/support/test-app.ts `buildApp` is where tests and benches set them). */
export interface AppOverrides {
  /** A fake clock for lockout, expiry, abandonment and auto-send rules. */
  clock?: Clock;
  /** Lowered to keep test runs fast; the product always uses BCRYPT_COST. */
  bcryptCost?: number;
  /** Shorter timeouts, a recording sleep, fixed jitter. */
  aiResilience?: Pick<ResilienceOptions, 'sleep' | 'random' | 'timeoutsMs' | 'breaker' | 'maxRetryAfterMs'>;
  /** A fast poll, short backoff, a runner id. */
  jobs?: Pick<JobRunnerOptions, 'pollIntervalMs' | 'leaseMs' | 'backoffBaseMs' | 'backoffMaxMs' | 'runnerId'>;
  /** A recording sender; the product sends through the SMTP server in the settings. */
  emailSender?: EmailSender;
  /** A fake network, short intervals and backoff. */
  sync?: Pick<SyncServiceDeps, 'transport' | 'idleMs' | 'intervalMs' | 'watchMs' | 'backoffBaseMs' | 'backoffMaxMs'>;
  /** A fake process list and machine checks, timers run by hand, short intervals; the product reads the OS every 10 s. */
  kioskWatch?: Partial<Pick<KioskWatchDeps, 'processes' | 'machine' | 'timers' | 'intervalMs' | 'noticeMs' | 'monotonicMs'>>;
  /** Made-up monitors and timers run by hand for the display watch; the product counts the OS's every 10 s during a sitting. */
  displayWatch?: Partial<Pick<DisplayWatchDeps, 'connected' | 'timers' | 'intervalMs'>>;
  /** Short waits for the question bank's audio; the product waits minutes (DEFAULT_BANK_AUDIO_TIMINGS). */
  bankAudio?: Partial<BankAudioTimings>;
  /** The error upload's HTTP and a short round interval; the product looks every 5 minutes. */
  errorUpload?: { post?: PostEnvelope; intervalMs?: number; backoffBaseMs?: number };
  /** The drive the fleet health report describes (a small or full one); the product asks the OS (fs.statfs). */
  statfs?: StatFs;
}

export interface App {
  services: AppServices;
  /** What the Electron shell reports (core-protocol 'shell-facts'): the self-check's, and the displays watched against IT's policy. */
  reportShellFacts(facts: ShellFacts): void;
  /** The shell's word on an update it was handed to install (core-protocol 'update-result'). */
  reportUpdate(report: InstallerReport): void;
  database: AppDatabase;
  sessions: SessionStore;
  events: EventHub;
  dispatch: Dispatch;
  /** Runs the persisted background jobs (resume parsing, feedback, email). */
  jobRunner: JobRunner;
  close(): void;
}

const SESSION_SWEEP_MS = 60_000;

/**
 * The composition root: the one place that builds every service and wires
 * them together. The Electron shell and the browser host both call it, so
 * they run the same code over different transports.
 */
export function createApp(options: AppOptions): App {
  const overrides = options.overrides ?? {};
  const clock = overrides.clock ?? systemClock;
  const logger = options.logger;
  const database = openDatabase({ file: join(options.dataDir, 'kiosk.sqlite'), migrationsDir: options.migrationsDir, logger });
  // While this lives, `backup restore` refuses to swap the file from under the app.
  const inUse = markDatabaseInUse(options.dataDir);

  const hasher = new PasswordHasher(overrides.bcryptCost);
  const candidates = new CandidateRepository(database);
  const staffRepository = new RecruiterRepository(database);
  const events = new EventHub();
  const sessions = new SessionStore(clock, events, undefined, () => {
    const { mode, interview } = options.settings.get();
    return mode === 'kiosk' ? { candidateIdleMs: interview.idleSignOutMinutes * 60_000, afterSubmitMs: interview.signOutAfterSubmitSeconds * 1000 } : null;
  });

  // This install's id: it marks sittings, and it names this device's chain in the AI audit trail.
  const kioskId = kioskIdFrom(new SyncStateStore(database.sqlite, clock));
  const audit = new AuditRepository(database, kioskId, clock);
  // Each model call's usage row and audit entry are written in one transaction.
  const usage = new AiUsageRepository(database, clock, audit);
  // One speech cache: the interview reads and writes it, the bank's audio is prepared into it and pinned there.
  const speechCache = new TtsCache(join(options.dataDir, 'tts-cache'));
  // Proxy and CA bundle (issue 20, point 7): every outside connection asks it, so a changed setting applies to the next one.
  const network = new Network({ settings: () => options.settings.get().network, secrets: options.secrets });
  const networkAccess = () => network.access();
  const ai = createAiProviders({
    network: networkAccess,
    speechCache,
    settings: options.settings,
    secrets: options.secrets,
    usage,
    clock,
    logger: logger.child({ component: 'ai' }),
    dataDir: options.dataDir,
    resilience: overrides.aiResilience,
  });
  let wakeRunner = () => {};
  const interviewResources = new InterviewResources(options.resourcesDir);
  // One of each: they hold nothing but the database handle (or the data folder), so every service shares them.
  const store = new ContentStore(options.dataDir);
  const interviewRepository = new InterviewRepository(database, clock);
  const integrityEvents = new IntegrityEventRepository(database, clock);
  const jobRepository = new JobRepository(database, clock);
  const resumeRepository = new ResumeRepository(database, clock);
  const storedFiles = new StoredFileRepository(database, clock);
  const syncLogger = logger.child({ component: 'sync' });
  const sittingRepository = new SittingRepository(database, clock);
  lockSittingAfterRestart({
    sittings: sittingRepository,
    kioskId,
    clock,
    lastActivityOf: (interviewId) => interviewRepository.findSession(interviewId)?.lastActivityAt ?? null,
    recordGap: (interviewId, details) => integrityEvents.record({ interviewId, kind: 'kiosk_restarted', occurredAt: clock.now().toISOString(), details }),
    logger: logger.child({ component: 'proctoring' }),
  });
  const sittings = new SittingService({
    sittings: sittingRepository,
    integrityEvents,
    staff: staffRepository,
    candidates,
    hasher,
    pins: new PinAttempts(clock),
    controls: new ProctorControls(clock),
    clock,
    kioskId,
    required: () => {
      const { mode, interview } = options.settings.get();
      return mode === 'kiosk' && interview.requireProctorSitting;
    },
    events,
    touchInterview: (interviewId) => {
      const session = interviewRepository.findSession(interviewId);
      if (session) interviewRepository.updateSession(session.id, { lastActivityAt: clock.now().toISOString() });
    },
    signOutCandidates: () => sessions.endCandidates(),
    displays: () => selfCheck.displays,
    displayPolicy: () => options.settings.get().lockdown,
    logger: logger.child({ component: 'proctoring' }),
  });
  const consent = new ConsentService({
    repository: new ConsentRepository(database, clock),
    // Read and checked now: a damaged notice stops the app at start, naming the file, rather than at a candidate's first question.
    notices: loadNotices(options.resourcesDir, options.settings.get().retention),
    kioskId,
    sittingOf: (candidateId) => {
      const open = sittings.openSitting();
      return open && open.candidateId === candidateId ? open.id : null;
    },
    clock,
    logger: logger.child({ component: 'consent' }),
  });
  const configurations = new ConfigurationRepository(database, clock);
  // Webhook events are written where things happen, in the same transaction (issue 21).
  const webhookRepository = new WebhookRepository(database, clock);
  const interviews = createInterviewFeature({
    // Proof of configuration: each interview stores what governed its sitting, in the transaction that creates it.
    interviews: recordingConfigurationAtStart(interviewRepository, {
      configurations,
      settings: () => options.settings.get(),
      appVersion: options.version,
      lockdown: () => selfCheck.shellFacts,
      transact: (work) => database.db.transaction(work),
    }),
    files: storedFiles,
    keptSegments: new AnswerSegmentRepository(database, clock),
    scoring: new ScoringJobs(jobRepository),
    jobs: jobRepository,
    integrityEvents,
    resumes: resumeRepository,
    transact: (work) => database.db.transaction(work),
    store,
    ai,
    settings: options.settings,
    events,
    resources: interviewResources,
    clock,
    logger: logger.child({ component: 'interview' }),
    wake: () => wakeRunner(),
    sittings,
    consent,
    webhookEvents: {
      recorder: webhookRepository,
      candidate: (candidateId) => {
        const found = candidates.findById(candidateId);
        return found && { id: found.id, fullName: found.fullName, email: found.email };
      },
    },
  });

  // What runs on the kiosk while a sitting is open: prohibited programs, a virtual machine, a remote session.
  const kioskWatch = new KioskWatch({
    ...overrides.kioskWatch,
    processes: overrides.kioskWatch?.processes ?? nodeProcessLister(),
    machine: overrides.kioskWatch?.machine ?? nodeMachineProbe(),
    sitting: () => sittings.openSitting(),
    // The page's own path onto the interview: its owner and state checked, the recorder's limits in force.
    record: ({ candidateId, interviewId }, kind, details) => interviews.recordIntegrityEvent(candidateId, { interviewId, kind, details }),
    lock: (kind) => sittings.violation(kind),
    policy: () => {
      const { mode, lockdown } = options.settings.get();
      return {
        watching: mode === 'kiosk',
        prohibited: lockdown.prohibitedProcesses ?? DEFAULT_PROHIBITED_PROCESSES,
        allowVirtualMachine: lockdown.allowVirtualMachine,
        allowRemoteSession: lockdown.allowRemoteSession,
      };
    },
    logger: logger.child({ component: 'kiosk-watch' }),
  });

  // IT's display policy, watched live as the shell reports the displays; and a display mirroring the kiosk's screen.
  const displayWatch = new DisplayWatch({
    ...overrides.displayWatch,
    connected: overrides.displayWatch?.connected ?? nodeConnectedDisplays(),
    sitting: () => sittings.openSitting(),
    record: ({ candidateId, interviewId }, kind, details) => interviews.recordIntegrityEvent(candidateId, { interviewId, kind, details }),
    lock: (kind) => sittings.violation(kind),
    lastNoted: (interviewId) => integrityEvents.newestOfKinds(interviewId, ['display_added', 'display_policy_broken'])?.details ?? null,
    policy: () => {
      const { mode, lockdown } = options.settings.get();
      return { watching: mode === 'kiosk', ...lockdown };
    },
    logger: logger.child({ component: 'kiosk-watch' }),
  });

  const erasure = new ErasureService({
    repository: new ErasureRepository(database, clock),
    store,
    deviceId: kioskId,
    signOut: (candidateId) => sessions.endCandidate(candidateId),
    logger: logger.child({ component: 'erasure' }),
    webhookEvents: webhookRepository,
  });
  const healthSources = (): DeviceHealthSources =>
    deviceHealthSources({ options, database, bankAudio: () => bankAudio, lockdown: () => selfCheck.shellFacts });
  const sync = new SyncService({
    ...overrides.sync,
    // Requests the pull brought are carried out on this device; the confirmation goes up at the next run.
    afterPull: async () => {
      await erasure.executePending();
      // Events other devices recorded arrived with the pull: the subscriptions this device delivers take them now.
      webhooks.plan();
    },
    // Fleet health (issue 20, point 4): read when a run sends its report, by then every part below exists.
    health: healthSources(),
    database,
    settings: options.settings,
    secrets: options.secrets,
    network: networkAccess,
    store,
    clock,
    logger: syncLogger,
    notify: (windowId, status) => events.emit(windowId, 'sync.changed', status),
  });
  // The question bank's audio, synthesised while the kiosk is idle, so a bank question is spoken without the AI service (issue 19).
  const bankAudio = new BankAudio({
    tts: ai.textToSpeech,
    cache: speechCache,
    voice: () => {
      const { ttsModel, ttsVoice, ttsResponseFormat } = options.settings.get().provider;
      return { model: ttsModel, voice: ttsVoice, format: ttsResponseFormat };
    },
    questions: () => bankQuestionTexts(interviewResources),
    enabled: () => options.settings.get().mode === 'kiosk',
    interviewInProgress: () => interviews.inProgress(),
    clock,
    logger: logger.child({ component: 'bank-audio' }),
    ...(overrides.bankAudio ? { timings: overrides.bankAudio } : {}),
  });
  // Sittings read the displays the shell reported to it (IT's display policy).
  const selfCheck = createSelfCheck({
    secrets: options.secrets,
    languageModel: ai.languageModel,
    settings: options.settings,
    sync,
    dataDir: options.dataDir,
    clock,
    logger: logger.child({ component: 'self-check' }),
    bankAudio: () => bankAudio.progress(),
    network: () => network.status(),
    updates: () => updates.status(),
  });

  // Proctors and staff: is the AI service up, and how many interviews wait for transcription (issue 19, point 4).
  const aiService = new AiServiceStatusReporter({
    availability: ai.availability,
    waitingInterviews: () => jobRepository.countInterviewsWithUnfinished(TRANSCRIBE_ANSWER_JOB_KIND),
    ping: () => selfCheck.pingProvider(),
    notify: (windowId, status) => events.emit(windowId, 'aiService.changed', status),
    logger: logger.child({ component: 'ai-service' }),
  });

  const emailSender = overrides.emailSender ?? new SmtpEmailSender({ settings: options.settings, secrets: options.secrets, network: networkAccess });
  const resumes = createResumeFeature({
    database,
    resumes: resumeRepository,
    feedback: new ResumeFeedbackRepository(database, clock),
    jobs: jobRepository,
    files: storedFiles,
    store,
    languageModel: ai.languageModel,
    // Read and checked now, like the notices: a damaged prompt file stops the app at start, naming the file.
    prompts: loadResumePrompts(options.resourcesDir),
    email: emailSender,
    clock,
    logger: logger.child({ component: 'resumes' }),
    wake: () => wakeRunner(),
    delivery: deliveryGate(sync, sync.state),
    autoApproval: autoApprovalSource(sync),
    webhookEvents: webhookRepository,
  });
  const assessments = new AssessmentRepository(database, clock);
  const scoring = new ScoringService({
    interviews: interviewRepository,
    integrityEvents,
    assessments,
    jobs: jobRepository,
    resources: interviewResources,
    audit,
    scorer: new AssessmentScorer({ languageModel: ai.languageModel, prompts: loadScoringPrompts(options.resourcesDir), clock, logger: logger.child({ component: 'scoring' }) }),
    clock,
    logger: logger.child({ component: 'scoring' }),
    wake: () => wakeRunner(),
    webhookEvents: webhookRepository,
  });
  const reviews = new ReviewService({
    assessments,
    decisions: new DecisionRepository(database, clock),
    views: new ReviewViewRepository(database, clock),
    scoring,
    interviews: interviewRepository,
    usage,
    store,
    clock,
    logger: logger.child({ component: 'review' }),
    remoteAudio: answerAudioSource(sync, syncLogger),
    sittingsOf: (interviewId) => sittingRepository.allByInterview(interviewId).map(sittingView),
    webhookEvents: { database, recorder: webhookRepository, roleTitle: (roleType) => interviewResources.role(roleType).title },
    configurationOf: (interviewId) =>
      configurationVerdict({
        recorded: configurations.recordedFor(interviewId),
        attestation: configurations.attestationFor(interviewId),
        approved: configurations.approved(),
      }),
  });
  const atsExport = createAtsExport({ database, clock, logger: logger.child({ component: 'ats-export' }), role: (roleType) => interviewResources.role(roleType) });
  const auditTrail = new AuditTrailService(audit);
  const explanationPacks = new ExplanationPackService({
    reviews,
    auditTrail,
    rubricOf: (roleType) => interviewResources.role(roleType).skills,
    staffName: (staffId) => staffRepository.findById(staffId)?.fullName ?? null,
    jobs: jobRepository,
    email: emailSender,
    clock,
    logger: logger.child({ component: 'explanation-pack' }),
    wake: () => wakeRunner(),
  });
  const auditRetention = new AuditRetention({
    audit,
    jobs: jobRepository,
    retentionDays: () => options.settings.get().audit.retentionDays,
    clock,
    logger: logger.child({ component: 'audit' }),
  });
  const contentRetention = new ContentRetention({
    expiry: new ContentExpiryRepository(database, clock),
    jobs: jobRepository,
    store,
    settings: () => options.settings.get().retention,
    clock,
    logger: logger.child({ component: 'retention' }),
    orphans: new OrphanFileCleanup({
      // Files a database set aside by a restore names stay while it is there: it may hold what the restore set aside.
      references: new SetAsideAwareReferences(new FileReferenceRepository(database), options.dataDir),
      files: new ContentStoreSweep(options.dataDir, store),
      clock,
      logger: logger.child({ component: 'retention' }),
    }),
  });
  // Rotating backups of the database (issue 20, point 5): IT's count and interval, never while an interview runs.
  const backupsDir = join(options.dataDir, BACKUPS_FOLDER);
  const backups = new BackupSchedule({
    maker: new BackupMaker({ sqlite: database.sqlite, dir: backupsDir, installId: kioskId, appVersion: options.version, clock, logger: logger.child({ component: 'backup' }) }),
    jobs: jobRepository,
    dir: backupsDir,
    policy: () => options.settings.get().backup,
    busy: () => interviews.inProgress(),
    clock,
    logger: logger.child({ component: 'backup' }),
  });
  // Webhooks to hiring systems (issue 21): this device delivers the subscriptions made on it.
  const webhooks = createWebhookFeature({
    database,
    repository: webhookRepository,
    jobs: jobRepository,
    secrets: options.secrets,
    network: networkAccess,
    deviceId: kioskId,
    gate: webhookDeliveryGate(sync, sync.state),
    canDeliver: () => {
      const { mode, sync: syncSettings } = options.settings.get();
      if (mode === 'recruiter' || syncSettings.endpoint === '') return { ok: true };
      return { ok: false, why: 'This kiosk syncs, so it holds only its own events: make webhook subscriptions on a recruiter laptop, which receives every device’s events.' };
    },
    wake: () => wakeRunner(),
    clock,
    logger: logger.child({ component: 'webhooks' }),
  });
  const jobRunner = new JobRunner({
    ...overrides.jobs,
    database,
    jobs: jobRepository,
    handlers: { ...resumes.jobHandlers(), ...interviews.jobHandlers(), ...scoring.jobHandlers(), ...auditRetention.jobHandlers(), ...contentRetention.jobHandlers(), ...explanationPacks.jobHandlers(), ...backups.jobHandlers(), ...webhooks.jobHandlers() },
    clock,
    logger: logger.child({ component: 'jobs' }),
  });
  wakeRunner = () => jobRunner.wake();
  const orphaned = jobRepository.releaseOrphaned(runnerIsAlive);
  if (orphaned > 0) logger.info('jobs whose runner is gone queued again', { count: orphaned });
  resumes.scheduleAutoSend();
  auditRetention.schedule();
  contentRetention.schedule();
  backups.schedule();
  jobRunner.start();
  webhooks.start();
  sync.start();
  // One a crash interrupted (rows gone, a file left) is finished now, not at the next sync.
  erasure.executePending().catch((error: unknown) => logger.error('erasure could not be finished at start', { error: error instanceof Error ? error.message : String(error) }));
  kioskWatch.start();
  displayWatch.start();
  bankAudio.start();
  const unwatchBankSettings = options.settings.onChange(() => bankAudio.settingsChanged());
  const unwatchSettings = options.settings.onChange(() => sync.configurationChanged());
  // Admin windows showing the settings see a change of policy (or another admin's save) as it happens.
  const settingsView = new SettingsViewFeed({
    settings: options.settings,
    networkProblems: () => network.problems(),
    isAdmin: (windowId) => sessions.get(windowId)?.role === 'admin',
    notify: (windowId, view) => events.emit(windowId, 'settings.changed', view),
    logger: logger.child({ component: 'settings' }),
  });
  // Errors IT can see (issue 20, point 6): windows' reports and crashes kept, and sent to IT's collector when one is set.
  const { post: uploadPost, ...uploadTimings } = overrides.errorUpload ?? {};
  const errorReporting = createErrorReporting({
    dataDir: options.dataDir,
    ...(options.crashDumpsDir ? { crashDumpsDir: options.crashDumpsDir } : {}),
    settings: options.settings,
    version: options.version,
    clock,
    logger: logger.child({ component: 'errors' }),
    post: uploadPost ?? (async (url, init) => (await networkAccess()).fetch(url, init)),
    upload: uploadTimings,
  });
  errorReporting.start();
  // The app's own updates (issue 20, point 3): decided here, installed by the shell, never while a sitting is open.
  const updates = new UpdateService({
    settings: () => options.settings.get().updates,
    mode: () => options.settings.get().mode,
    installedVersion: options.version,
    installKind: detectInstallKind({ platform: process.platform, execPath: process.execPath, resourcesPath: process.resourcesPath, env: process.env }),
    // No release key is built in yet: IT's updates.signingKeys are the keys trusted.
    pinnedKeys: [],
    dataDir: options.dataDir,
    platform: process.platform,
    arch: process.arch,
    busy: () => kioskBusy({ openSitting: () => sittings.openSitting(), interviewInProgress: () => interviews.inProgress(), candidateSignedIn: () => sessions.candidateSignedIn() }),
    installer: options.updateInstaller ?? logOnlyInstaller(logger.child({ component: 'updates' })),
    clock,
    logger: logger.child({ component: 'updates' }),
    fetch: async (url, init) => (await networkAccess()).fetch(url, init),
  });
  updates.start();

  const services: AppServices = {
    version: options.version,
    clock,
    logger,
    settings: options.settings,
    secrets: secretsNotifyingSync(options.secrets, () => sync.configurationChanged()),
    auth: new AuthService({
      candidates,
      staff: staffRepository,
      hasher,
      clock,
      logger: logger.child({ component: 'auth' }),
      mode: () => options.settings.get().mode,
    }),
    staff: new StaffService({ staff: staffRepository, hasher, logger: logger.child({ component: 'staff' }) }),
    ai,
    interviews,
    bankAudio,
    consent,
    erasure,
    compliance: createComplianceFeature({
      database,
      clock,
      kioskId,
      roleTitle: (roleType) => interviewResources.role(roleType).title,
      logger: logger.child({ component: 'compliance' }),
    }),
    sittings,
    resumes,
    scoring,
    reviews,
    atsExport,
    auditTrail,
    explanationPacks,
    sync,
    selfCheck,
    settingsView,
    webhooks,
    aiService,
    rendererErrors: errorReporting.rendererErrors,
    // The support bundle (issue 20, point 5): built on request, from what the app itself reads.
    diagnostics: {
      bundle: () =>
        buildDiagnosticsBundle({
          appVersion: options.version,
          sqlite: database.sqlite,
          backupsDir,
          logsDir: options.logsDir ?? join(options.dataDir, 'logs'),
          settings: () => options.settings.view(),
          syncStatus: () => sync.currentStatus(),
          selfCheck: () => selfCheck.run(),
          clock,
        }),
    },
  };

  const dispatch = createDispatcher({ handlers: createHandlers(services), sessions, logger: logger.child({ component: 'ipc' }) });
  const sweep = setInterval(() => sessions.sweep(), SESSION_SWEEP_MS);
  sweep.unref();

  return {
    services,
    database,
    sessions,
    events,
    dispatch,
    jobRunner,
    reportShellFacts(facts) {
      selfCheck.reportShell(facts);
      displayWatch.reported(facts);
    },
    reportUpdate: (report) => updates.installerReported(report),
    close() {
      clearInterval(sweep);
      kioskWatch.stop();
      displayWatch.stop();
      unwatchBankSettings();
      // A synthesis under way is abandoned, its half-written file dropped; the next start carries on from what is there.
      void bankAudio.stop();
      // A run still in flight is put back in the queue before the database closes: the next start takes it at once.
      void jobRunner.stop({ closing: true });
      unwatchSettings();
      settingsView.close();
      webhooks.close();
      // A sync run in flight finds the database closed: its page transaction never commits, and the next start pulls that page again.
      void sync.stop();
      resumes.close();
      scoring.close();
      services.interviews.close();
      aiService.close();
      errorReporting.close();
      updates.stop();
      services.ai.flushUsage();
      database.close();
      inUse.release();
    },
  };
}

/** What this device's fleet health report is made of, each part from the feature that knows it. */
function deviceHealthSources(parts: {
  options: AppOptions;
  database: AppDatabase;
  bankAudio: () => BankAudio;
  lockdown: () => ShellFacts | null;
}): DeviceHealthSources {
  const { options } = parts;
  const activity = new DeviceActivityRepository(parts.database);
  // Core and main keep their unhandled errors here (core-host/serve-core.ts); the report counts them.
  const errors = new FileErrorReports(join(options.dataDir, 'errors'));
  return {
    appVersion: options.version,
    updateChannel: () => options.settings.get().updates.channel,
    localSchemaVersion: () => activity.localSchemaVersion(),
    configurationKey: () => configurationKey(configurationSummary({ settings: options.settings.get(), appVersion: options.version, lockdown: parts.lockdown() })),
    lastInterviewAt: () => activity.lastInterviewAt(),
    bankAudio: async () => {
      const { state, questionsReady, questions } = await parts.bankAudio().progress();
      return { state, questionsReady, questions };
    },
    disk: () => diskSpace(options.dataDir, options.overrides?.statfs),
    unfinishedJobs: () => activity.unfinishedJobs(),
    keychain: () => keychainState(options.secrets),
    errors: (since) => errors.list(since),
    droppedErrors: () => errors.dropped(),
  };
}

export interface AiProviderOptions {
  settings: SettingsService;
  secrets: SecretStore;
  /** Where usage is recorded; the AiUsageRepository in the app. */
  usage: UsageStore;
  clock: Clock;
  logger: Logger;
  /** Synthesised speech is cached under `<dataDir>/tts-cache`. */
  dataDir: string;
  /** The app's one speech cache; the CLI and benchmark let this build its own. */
  speechCache?: TtsCache;
  resilience?: AppOverrides['aiResilience'];
  /** The proxy and CA bundle in force (the app and the command line both give it); without it, Node's own fetch, direct. */
  network?: () => Promise<NetworkAccess>;
}

/**
 * The AI layer: one client factory, one set of circuit breakers and one
 * meter shared by the three providers. Exported for the benchmark, which
 * builds it once more with a usage store that writes nothing.
 */
export function createAiProviders(options: AiProviderOptions): AiProviders {
  const { clock, logger } = options;
  const availability = new ServiceAvailability(clock, logger);
  const resilience = new Resilience({ ...options.resilience, clock, logger, availability });
  const provider = () => options.settings.get().provider;
  const metering = new Metering({
    store: options.usage,
    prices: () => provider().prices,
    interviewTokenBudget: () => provider().interviewTokenBudget,
    logger,
  });
  const deps: OpenAiProviderDeps = {
    settings: provider,
    clients: new OpenAiClientFactory(options.secrets, (endpoint) => resilience.timeoutMs(endpoint), availability, options.network),
    resilience,
    metering,
    clock,
    logger,
  };
  return {
    languageModel: new OpenAiLanguageModel(deps),
    speechToText: new OpenAiSpeechToText(deps),
    textToSpeech: new OpenAiTextToSpeech(deps, options.speechCache ?? new TtsCache(join(options.dataDir, 'tts-cache'))),
    liveTranscriber: new OpenAiRealtimeTranscriber(deps),
    flushUsage: () => metering.flush(),
    availability,
  };
}
