import { describeAiCost } from '../../../../../shared/domain/ai-cost';
import type { InterviewReview } from '../../../../../shared/domain/assessment';
import { AI_SCORES_ARE_A_RECOMMENDATION } from '../../../../../shared/copy/review-words';
import { ScreenHeading } from '../../../components/ScreenHeading';
import { ExportPdfButton } from './ExportPdfButton';
import { formatCost, formatCount, formatDateTime, formatDuration, formatScore } from './format';
import { reviewStatusLabels } from './labels';
import { isScoring } from './useInterviewReview';

/** Who, what, when, the two headline scores, and what the AI cost. */
export function DetailHeader({ review }: { review: InterviewReview }) {
  const assessment = review.assessment;
  const missing = isScoring(review) ? 'Scoring…' : 'Not scored';
  return (
    <header className="review-header">
      <ScreenHeading>Interview: {review.candidateName}</ScreenHeading>
      <div className="review-header-body">
        <dl className="summary-list">
          <dt>Email</dt>
          <dd>{review.candidateEmail}</dd>
          <dt>Role</dt>
          <dd>{review.roleTitle}</dd>
          <dt>Started</dt>
          <dd>{formatDateTime(review.startedAt)}</dd>
          <dt>Completed</dt>
          <dd>{review.completedAt ? formatDateTime(review.completedAt) : 'Not completed'}</dd>
          <dt>Duration</dt>
          <dd>{formatDuration(review.durationSeconds)}</dd>
          <dt>Status</dt>
          <dd>{reviewStatusLabels[review.reviewStatus]}</dd>
          <dt>AI tokens used</dt>
          <dd>{formatCount(review.totalTokensUsed)}</dd>
          <dt>AI cost</dt>
          <dd>{describeAiCost(review, formatCost)}</dd>
        </dl>
        <div className="score-tiles">
          <ScoreTile label="Overall score" score={assessment?.overallScore ?? null} missing={missing} />
          <ScoreTile label="Integrity score" score={assessment?.integrityScore ?? null} missing={missing} />
        </div>
        <p className="field-hint">{AI_SCORES_ARE_A_RECOMMENDATION}</p>
      </div>
      <ExportPdfButton interviewId={review.interviewId} />
    </header>
  );
}

function ScoreTile({ label, score, missing }: { label: string; score: number | null; missing: string }) {
  const id = `score-tile-${label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div className="score-tile" role="group" aria-labelledby={id}>
      <p id={id} className="score-tile-label">
        {label}
      </p>
      <p className={score === null ? 'score-tile-value score-tile-missing' : 'score-tile-value'}>
        {score === null ? (
          missing
        ) : (
          <>
            {formatScore(score)}
            <span className="score-tile-unit"> / 100</span>
          </>
        )}
      </p>
    </div>
  );
}
