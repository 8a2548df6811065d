import type { ScoringPass } from '../../../../../shared/domain/assessment';
import { ScreenHeading } from '../../../components/ScreenHeading';
import { DecisionPanel } from './DecisionPanel';
import { DetailHeader } from './DetailHeader';
import { FindingsPanel } from './FindingsPanel';
import { IntegrityPanel } from './IntegrityPanel';
import { ReasoningPanel, RecommendationsPanel } from './ReasoningPanel';
import { ScoringStatus } from './ScoringStatus';
import { SkillChart } from './SkillChart';
import { TranscriptJumpProvider } from './transcript-jump';
import { SittingPanel } from './SittingPanel';
import { AuditTrailPanel } from './AuditTrailPanel';
import { ConfigurationPanel } from './ConfigurationPanel';
import { ExplanationPackPanel } from './ExplanationPackPanel';
import { TranscriptPanel } from './TranscriptPanel';
import { useInterviewReview } from './useInterviewReview';
import { SectionViewsProvider, SeenSection } from './useSectionViews';
import { Loading, LoadFailed } from '../../../components/LoadStates';

interface InterviewDetailProps {
  interviewId: string;
  canDecide: boolean;
  onBack: () => void;
}

/** One interview: its assessment, transcript and recordings, and the decision. */
export function InterviewDetail({ interviewId, canDecide, onBack }: InterviewDetailProps) {
  const { state, replace, retry } = useInterviewReview(interviewId);

  const back = (
    <button type="button" className="link-button back-button" onClick={onBack}>
      <span aria-hidden="true">← </span>Back to interviews
    </button>
  );

  if (state.status !== 'ready') {
    return (
      <>
        {back}
        <ScreenHeading>Interview</ScreenHeading>
        {state.status === 'loading' ? <Loading>Loading the interview…</Loading> : <LoadFailed what="the interview" message={state.message} onRetry={retry} />}
      </>
    );
  }

  const review = state.data;
  const assessment = review.assessment;
  /** A pass that did not succeed leaves its section empty; say so rather than "none found". */
  const missing = (pass: ScoringPass) => assessment?.passes.some((outcome) => outcome.pass === pass && outcome.status !== 'succeeded') ?? false;
  return (
    <TranscriptJumpProvider>
      <SectionViewsProvider interviewId={review.interviewId}>
        {back}
        {/* Keyed apart from the loading heading above so this one mounts, and takes focus, once the interview is here. */}
        <DetailHeader key="loaded" review={review} />
        {state.refreshError ? (
          <div role="alert" className="alert alert-error">
            <p>We could not refresh the interview: {state.refreshError}</p>
          </div>
        ) : null}
        <ScoringStatus review={review} canRetry={canDecide} onChanged={replace} />
        {assessment ? (
          <>
            <SeenSection section="scores">
              <section aria-labelledby="review-skills-title" className="panel">
                <h2 id="review-skills-title">Skills and difficulty boundaries</h2>
                <SkillChart scores={assessment.skillScores} boundaries={assessment.skillBoundaries} />
              </section>
            </SeenSection>
            <FindingsPanel strengths={assessment.strengths} weaknesses={assessment.weaknesses} unavailable={missing('technical')} />
            <SeenSection section="integrity">
              <IntegrityPanel
                score={assessment.integrityScore}
                summary={assessment.integritySummary}
                flags={assessment.integrityFlags}
                events={review.integrityEvents}
              />
            </SeenSection>
            <SeenSection section="reasoning">
              <ReasoningPanel entries={assessment.reasoning} unavailable={missing('reasoning')} />
            </SeenSection>
            <RecommendationsPanel recommendations={assessment.recommendations} unavailable={missing('recommendations')} />
          </>
        ) : review.integrityEvents.length > 0 ? (
          // Not scored (yet), but what the kiosk recorded is worth seeing already.
          <IntegrityPanel score={null} summary={null} flags={[]} events={review.integrityEvents} />
        ) : null}
        <SittingPanel sittings={review.sittings} />
        {review.configuration ? <ConfigurationPanel interviewId={review.interviewId} proof={review.configuration} /> : null}
        <SeenSection section="transcript">
          <TranscriptPanel interviewId={review.interviewId} entries={review.transcript} />
        </SeenSection>
        <DecisionPanel review={review} canDecide={canDecide} onChanged={replace} />
        <ExplanationPackPanel interviewId={review.interviewId} candidateEmail={review.candidateEmail} canApprove={canDecide} />
        {/* Recruiters and admins only, as the channel allows. */}
        {canDecide ? <AuditTrailPanel interviewId={review.interviewId} /> : null}
      </SectionViewsProvider>
    </TranscriptJumpProvider>
  );
}
