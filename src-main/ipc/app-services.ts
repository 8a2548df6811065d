import type { AtsExportService } from '../assessment/ats-export/ats-export-service';
import type { AuditTrailService } from '../assessment/audit-trail';
import type { ExplanationPackService } from '../assessment/explanation/explanation-pack-service';
import type { ReviewService } from '../assessment/review-service';
import type { ScoringService } from '../assessment/scoring-service';
import type { ComplianceFeature } from '../compliance/compliance-feature';
import type { ConsentService } from '../consent/consent-service';
import type { ErasureService } from '../erasure/erasure-service';
import type { Clock } from '../common/clock';
import type { InterviewFeature } from '../interview/interview-feature';
import type { BankAudio } from '../interview/bank-audio/bank-audio';
import type { AiServiceStatusReporter } from '../proctoring/ai-service-status';
import type { SittingService } from '../proctoring/sitting-service';
import type { SelfCheckService } from '../self-check/self-check-service';
import type { Logger } from '../logging/logger-types';
import type { ResumeWorkflow } from '../resumes/resume-feature';
import type { ServiceAvailability } from '../providers/ai/service-availability';
import type { LanguageModel, LiveTranscriber, SpeechToText, TextToSpeech } from '../providers/ai/types';
import type { SecretStore } from '../secrets/secret-store';
import type { AuthService } from '../accounts/auth-service';
import type { StaffService } from '../accounts/staff-service';
import type { SyncService } from '../sync/sync-service';
import type { SettingsService } from '../settings/settings-service';
import type { RendererErrors } from '../errors/renderer-errors';
import type { SettingsViewFeed } from '../settings/settings-view-feed';
import type { WebhookFeature } from '../webhooks/webhook-feature';
import type { DiagnosticsBundle } from '../diagnostics/diagnostics-bundle';

/** What IPC handlers may use. Built once, in the composition root. */
export interface AppServices {
  version: string;
  clock: Clock;
  logger: Logger;
  settings: SettingsService;
  secrets: SecretStore;
  auth: AuthService;
  staff: StaffService;
  /** The AI provider: OpenAI or any compatible server, per the provider settings and the stored key. */
  ai: AiProviders;
  /** The spoken interview: questions, answers, judgements, submission. */
  interviews: InterviewFeature;
  /** The question bank's audio, prepared on this kiosk ahead of time for an interview without the AI service: how far it is. */
  bankAudio: Pick<BankAudio, 'progress'>;
  /** The notice a candidate answers before the interview, their answers, and the requests staff follow up. */
  consent: ConsentService;
  /** A candidate's erasure: requests, carrying them out on this device, receipts. */
  erasure: ErasureService;
  /** Voluntary self-identification and the bias report. */
  compliance: ComplianceFeature;
  /** Proctored sittings at this kiosk: opening, handing over, pausing, locking, ending. */
  sittings: SittingService;
  /** Resume upload, parsing, feedback and its email (Workflow 2). */
  resumes: ResumeWorkflow;
  /** Scoring submitted interviews (Workflow 3) as persisted jobs. */
  scoring: ScoringService;
  /** The recruiters' review: dashboard, assessment, decisions, audio, PDF. */
  reviews: ReviewService;
  /** Assessments and decisions as CSV or JSON for hiring systems without webhooks (issue 21, point 4). */
  atsExport: Pick<AtsExportService, 'make'>;
  /** Each interview's AI audit trail, for staff to view and export. */
  auditTrail: AuditTrailService;
  /** The candidate's access and explanation pack: prepared, approved by a named recruiter or admin, then emailed. */
  explanationPacks: ExplanationPackService;
  /** Sync with the hosted Postgres (does nothing until the endpoint and credential are set). */
  sync: SyncService;
  /** The pre-sitting self-check: keychain, OS kiosk lock, sandbox, displays, disk, clock, AI provider, sync. */
  selfCheck: SelfCheckService;
  /** What proctors and staff are told about the AI service: available or not since when and why, interviews waiting for transcription. */
  aiService: AiServiceStatusReporter;
  /** A window's unhandled errors, kept redacted for IT (issue 20, point 6). */
  rendererErrors: Pick<RendererErrors, 'report' | 'crashed'>;
  /** Webhooks to hiring systems (issue 21): subscriptions, their secrets and the delivery log. */
  webhooks: Pick<WebhookFeature, 'subscriptions' | 'repository' | 'deviceId' | 'canDeliver'>;
  /** The settings as admins see them, with what the network could not use of them, kept current in their windows. */
  settingsView: Pick<SettingsViewFeed, 'current' | 'watch'>;
  /** The support bundle for IT (issue 20, point 5): versions, settings and their sources, database checks, sync, self-check, redacted logs. */
  diagnostics: { bundle(): Promise<DiagnosticsBundle> };
}

export interface AiProviders {
  languageModel: LanguageModel;
  speechToText: SpeechToText;
  textToSpeech: TextToSpeech;
  /** Words while the candidate speaks (OpenAI realtime transcription); each segment's file upload stays the fallback. */
  liveTranscriber: LiveTranscriber;
  /** Whether the service can be used now, from every call's final outcome; one for the three providers. */
  availability: ServiceAvailability;
  /** Writes usage rows still waiting (they are written just after each call); before closing the database. */
  flushUsage(): void;
}
