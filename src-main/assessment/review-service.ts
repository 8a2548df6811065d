import {
  integritySeverities,
  type DecisionKind,
  type IntegritySeverity,
  type InterviewReview,
  type ReviewListItem,
  type ReviewSortKey,
  type ReviewStatus,
  type TranscriptEntry,
} from '../../shared/domain/assessment';
import type { RoleType } from '../../shared/domain/interview';
import { OVERRIDE_REASON_MIN, overrideReasonNeeded, overridesRecommendation, recommendFromScore } from '../../shared/domain/ai-recommendation';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import type { AiUsageRepository } from '../repositories/ai-usage-repository';
import type { AssessmentRepository, ReviewRow } from '../repositories/assessment-repository';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import type { DecisionRecord, DecisionRepository } from '../repositories/decision-repository';
import { candidateEvent, type WebhookEventInput, type WebhookEventRecorder } from '../repositories/webhook-repository';
import type { ReviewViewRepository } from '../repositories/review-view-repository';
import { openAssessmentFirst, SECTIONS_BEFORE_DECIDING, type ReviewSection } from '../../shared/domain/review-views';
import type { InterviewRepository } from '../repositories/interview-repository';
import type { SittingView } from '../../shared/domain/proctoring';
import type { ConfigurationProof } from '../../shared/domain/configuration-proof';
import { integrityFlagsOf, reviewedCandidate, toAssessmentView } from './assessment-record';
import { renderAssessmentReport, reportFileName } from './report/assessment-report';
import type { ScoringInput } from './scoring-input';
import type { ScoringService } from './scoring-service';

export interface ReviewFilter {
  search: string;
  roleType: RoleType | 'all';
  status: ReviewStatus | 'all';
  minScore: number | null;
  maxScore: number | null;
  sort: ReviewSortKey;
  direction: 'asc' | 'desc';
}

export interface ReviewServiceDeps {
  assessments: AssessmentRepository;
  decisions: DecisionRepository;
  /** Which sections of each assessment each staff member has seen: a decision needs the scores and the transcript seen first. */
  views: Pick<ReviewViewRepository, 'record' | 'seenBy'>;
  scoring: ScoringService;
  interviews: InterviewRepository;
  /** Which models had no price, to say why an interview's cost is not fully known. */
  usage: AiUsageRepository;
  store: ContentStore;
  clock: Clock;
  logger: Logger;
  /** With sync configured: recordings made on another device, downloaded on first play. */
  remoteAudio?: AnswerAudioSource;
  /** The proctored sittings an interview was taken in, oldest first (the composition root reads them from proctoring). */
  sittingsOf?: (interviewId: string) => SittingView[];
  /** Whether the interview ran under an approved configuration, with a verified attestation (src-main/configuration). */
  configurationOf?: (interviewId: string) => ConfigurationProof;
  /** Webhooks (issue 21): a decision.recorded event, written in the decision's own transaction. */
  webhookEvents?: { database: AppDatabase; recorder: WebhookEventRecorder; roleTitle: (roleType: RoleType) => string };
}

/** Fetches a content-store file this device does not hold; false when it is not to be had. */
export interface AnswerAudioSource {
  fetch(relativePath: string): Promise<boolean>;
}

const NOT_FOUND = 'That interview does not exist (it may have been removed). Go back to the list and refresh it.';

/** The recruiters' side of Workflow 3: the dashboard, one interview's review, decisions, audio and the PDF report. */
export class ReviewService {
  constructor(private readonly deps: ReviewServiceDeps) {}

  list(filter: ReviewFilter): ReviewListItem[] {
    const scoring = this.deps.scoring.activeInterviewIds();
    const decisions = this.deps.decisions.latestByInterview();
    const search = filter.search.toLocaleLowerCase();
    const items = this.deps.assessments
      .listForReview()
      .map((row) => this.toListItem(row, scoring.has(row.interview.id), decisions.get(row.interview.id) ?? null))
      .filter(
        (item) =>
          (search === '' || item.candidateName.toLocaleLowerCase().includes(search) || item.candidateEmail.includes(search)) &&
          (filter.roleType === 'all' || item.roleType === filter.roleType) &&
          (filter.status === 'all' || item.reviewStatus === filter.status) &&
          (filter.minScore === null || (item.overallScore !== null && item.overallScore >= filter.minScore)) &&
          (filter.maxScore === null || (item.overallScore !== null && item.overallScore <= filter.maxScore)),
      );
    return sortItems(items, filter.sort, filter.direction);
  }

  get(interviewId: string): InterviewReview {
    return this.view(this.load(interviewId));
  }

  /** The interview's review row and its scoring input (transcript, events, the role's bands): one read of each. */
  private load(interviewId: string): { row: ReviewRow; input: ScoringInput } {
    const row = this.deps.assessments.findForReview(interviewId);
    if (!row) throw new AppFailure('not_found', NOT_FOUND);
    const input = this.deps.scoring.input(interviewId);
    if (!input) throw new AppFailure('not_found', NOT_FOUND);
    return { row, input };
  }

  private view({ row, input }: { row: ReviewRow; input: ScoringInput }): InterviewReview {
    const interviewId = row.interview.id;
    const scoring = this.deps.scoring.state(interviewId, row.interview.status);
    return {
      interviewId,
      candidateName: row.candidateName,
      candidateEmail: row.candidateEmail,
      roleType: row.interview.roleType,
      roleTitle: input.roleTitle,
      interviewStatus: row.interview.status,
      reviewStatus: reviewStatusOf(row, scoring.state === 'queued' || scoring.state === 'running'),
      startedAt: row.interview.startedAt,
      completedAt: row.interview.completedAt,
      durationSeconds: row.interview.durationSeconds,
      totalTokensUsed: row.interview.totalTokensUsed,
      costUsd: row.interview.costUsd,
      unpricedCalls: row.interview.unpricedCalls,
      // Looked up only when there is something to explain: most interviews have every price.
      unpricedModels: row.interview.unpricedCalls > 0 ? this.deps.usage.unpricedModelsOf(interviewId) : [],
      assessment: row.assessment ? toAssessmentView(row.assessment) : null,
      scoring,
      transcript: transcriptOf(input),
      integrityEvents: input.events.map((event) => ({ kind: event.kind, occurredAt: event.occurredAt, questionNumber: questionAt(input, event.occurredAt) })),
      aiRecommendation: recommendFromScore(row.assessment?.overallScore ?? null, input.recommendationBands),
      decisions: this.deps.decisions.listByInterview(interviewId).map((decision) => ({
        id: decision.id,
        decision: decision.decision,
        aiRecommendation: decision.aiRecommendation,
        note: decision.note,
        decidedByName: decision.decidedByName,
        decidedAt: decision.decidedAt,
      })),
      sittings: this.deps.sittingsOf?.(interviewId) ?? [],
      configuration: this.deps.configurationOf?.(interviewId),
    };
  }

  decide(interviewId: string, staffId: string, decision: DecisionKind, note: string): InterviewReview {
    const loaded = this.load(interviewId);
    const { row } = loaded;
    if (row.interview.status !== 'completed') {
      throw new AppFailure('conflict', 'Only submitted interviews can be decided on; this one was not submitted.');
    }
    // A person decides, and only after opening the evidence (issue 18, point 2).
    const seen = this.deps.views.seenBy(interviewId, staffId);
    const missing = SECTIONS_BEFORE_DECIDING.filter((section) => !seen.includes(section));
    if (missing.length > 0) throw new AppFailure('conflict', openAssessmentFirst(missing));
    // Overriding the AI's recommendation needs a reason, in the note (issue 18, point 2).
    const recommended = recommendFromScore(row.assessment?.overallScore ?? null, loaded.input.recommendationBands)?.decision ?? null;
    const override = overridesRecommendation(decision, recommended);
    if (override && note.trim().length < OVERRIDE_REASON_MIN) {
      const message = overrideReasonNeeded(decision, recommended!);
      throw new AppFailure('invalid_input', message, { note: message });
    }
    const decidedAt = nowIso(this.deps.clock);
    const add = (tx?: AppTransaction) => this.deps.decisions.add({ interviewId, decidedBy: staffId, decision, note, decidedAt, aiRecommendation: recommended }, tx);
    const events = this.deps.webhookEvents;
    if (events) events.database.db.transaction((tx) => events.recorder.recordEvent(decisionEvent(loaded.row, add(tx), events.roleTitle), tx));
    else add();
    this.deps.logger.info('interview decision recorded', { interviewId, decision, aiRecommendation: recommended, override });
    // A decision changes neither the row nor the input; the view reads the decisions afresh.
    return this.view(loaded);
  }

  /** A section of the assessment came into view for this staff member; returns every section they have seen. */
  viewed(interviewId: string, staffId: string, section: ReviewSection): ReviewSection[] {
    if (!this.deps.assessments.findForReview(interviewId)) throw new AppFailure('not_found', NOT_FOUND);
    this.deps.views.record(interviewId, staffId, section);
    return this.deps.views.seenBy(interviewId, staffId);
  }

  retryScoring(interviewId: string): InterviewReview {
    const review = this.get(interviewId);
    if (review.interviewStatus !== 'completed') throw new AppFailure('conflict', 'This interview was not submitted, so there is nothing to score.');
    if (review.assessment?.status === 'complete') throw new AppFailure('conflict', 'This assessment is already complete; nothing needs scoring again.');
    this.deps.scoring.retry(interviewId);
    return this.get(interviewId);
  }

  async answerAudio(interviewId: string, messageId: string): Promise<{ mediaType: 'audio/wav'; base64: string }> {
    // One row, not the whole interview: the message must be an answer of this interview.
    const message = this.deps.interviews.findMessage(interviewId, messageId);
    const path = message?.messageType === 'candidate_response' ? message.contentAudioUrl : null;
    if (!path) throw new AppFailure('not_found', 'That answer has no recorded audio.');
    try {
      return { mediaType: 'audio/wav', base64: (await this.readAudio(path)).toString('base64') };
    } catch (error) {
      if (error instanceof AppFailure) throw error;
      this.deps.logger.error('answer audio could not be read', { interviewId, messageId, error: error instanceof Error ? error.message : String(error) });
      throw new AppFailure('unavailable', 'The recording of this answer could not be read from this device’s storage. The transcript is unaffected.');
    }
  }

  /** The local copy, or (recorded at a kiosk, reviewed on a laptop) one downloaded now. */
  private async readAudio(path: string): Promise<Buffer> {
    try {
      return await this.deps.store.read(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !this.deps.remoteAudio) throw error;
      let fetched: boolean;
      try {
        fetched = await this.deps.remoteAudio.fetch(path);
      } catch (fetchError) {
        this.deps.logger.warn('answer audio could not be downloaded', { error: fetchError instanceof Error ? fetchError.message : String(fetchError) });
        throw new AppFailure('unavailable', 'This answer was recorded on another device and could not be downloaded now. Try again when this device is online; the transcript is unaffected.');
      }
      if (!fetched) throw error;
      return this.deps.store.read(path);
    }
  }

  async exportPdf(interviewId: string): Promise<{ fileName: string; base64: string }> {
    const review = this.get(interviewId);
    const bytes = await renderAssessmentReport(review, { generatedAt: this.deps.clock.now() });
    this.deps.logger.info('assessment report exported', { interviewId, bytes: bytes.byteLength });
    return { fileName: reportFileName(review), base64: Buffer.from(bytes).toString('base64') };
  }

  private toListItem(row: ReviewRow, scoring: boolean, decision: DecisionKind | null): ReviewListItem {
    // The list needs the scores and the flags only: the other sections stay unparsed.
    const assessment = row.assessment;
    const flags = assessment ? integrityFlagsOf(assessment) : [];
    return {
      interviewId: row.interview.id,
      candidateName: row.candidateName,
      candidateEmail: row.candidateEmail,
      roleType: row.interview.roleType,
      interviewStatus: row.interview.status,
      reviewStatus: reviewStatusOf(row, scoring),
      date: row.interview.completedAt ?? row.interview.startedAt ?? row.interview.createdAt,
      overallScore: assessment?.overallScore ?? null,
      integrityScore: assessment?.integrityScore ?? null,
      flagCount: flags.length,
      highestSeverity: highest(flags.map((flag) => flag.severity)),
      decision,
    };
  }
}

function reviewStatusOf(row: ReviewRow, scoring: boolean): ReviewStatus {
  if (row.interview.status === 'abandoned') return 'abandoned';
  if (row.interview.status !== 'completed') return 'in_progress';
  if (scoring) return 'scoring';
  // Submitted, nothing running and nothing stored: the scoring job itself gave up.
  return row.assessment?.status ?? 'failed';
}

function highest(severities: IntegritySeverity[]): IntegritySeverity | null {
  let best = -1;
  for (const severity of severities) best = Math.max(best, integritySeverities.indexOf(severity));
  return best < 0 ? null : integritySeverities[best]!;
}

/** Missing scores sort last whichever way the list is sorted: an unscored interview is never "the best" or "the worst". */
function sortItems(items: ReviewListItem[], key: ReviewSortKey, direction: 'asc' | 'desc'): ReviewListItem[] {
  const sign = direction === 'asc' ? 1 : -1;
  const value = (item: ReviewListItem): string | number | null =>
    key === 'date' ? item.date : key === 'candidate' ? item.candidateName.toLocaleLowerCase() : key === 'overallScore' ? item.overallScore : item.integrityScore;
  return [...items].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order === 0 ? b.date.localeCompare(a.date) : sign * order;
  });
}

function transcriptOf(input: ScoringInput): TranscriptEntry[] {
  return input.questions.map((question) => ({
    number: question.number,
    question: {
      messageId: question.messageId,
      text: question.text,
      phase: question.phase,
      skillId: question.skillId,
      skillName: question.skillName,
      difficulty: question.difficulty,
      askedAt: question.askedAt,
      firstAskedAs: question.firstAskedAs ?? null,
      fromBank: question.fromBank ?? false,
    },
    answer: question.answer
      ? {
          messageId: question.answer.messageId,
          text: question.answer.text,
          hasAudio: Boolean(question.answer.audioUrl),
          typed: question.answer.typed ?? false,
          audioDurationSeconds: question.answer.audioDurationSeconds,
          responseTimeSeconds: question.answer.responseTimeMs === null ? null : Math.round(question.answer.responseTimeMs / 100) / 10,
          answeredAt: question.answer.answeredAt,
          continued: question.answer.continued ?? 0,
          endedBy: question.answer.endedBy ?? null,
          transcription: question.answer.transcription ?? 'live',
        }
      : null,
  }));
}

/** The question on screen when something happened: the last one asked before it. */
function questionAt(input: ScoringInput, occurredAt: string): number | null {
  let number: number | null = null;
  for (const question of input.questions) if (question.askedAt <= occurredAt) number = question.number;
  return number;
}

/** What a hiring system is told of a decision: who, for which role, what was decided and what the AI had recommended. */
function decisionEvent(row: ReviewRow, decision: DecisionRecord, roleTitle: (roleType: RoleType) => string): WebhookEventInput {
  return candidateEvent('decision.recorded', decision.decidedAt, reviewedCandidate(row), {
    interview: { id: row.interview.id, roleType: row.interview.roleType, roleTitle: roleTitle(row.interview.roleType), completedAt: row.interview.completedAt ?? null },
    decision: { id: decision.id, decision: decision.decision, note: decision.note, decidedBy: decision.decidedBy, decidedAt: decision.decidedAt, aiRecommendation: decision.aiRecommendation },
  });
}
