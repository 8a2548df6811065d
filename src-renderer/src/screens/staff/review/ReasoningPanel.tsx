import type { ReasoningEntry, Recommendation } from '../../../../../shared/domain/assessment';
import { formatPercent } from './format';
import { priorityLabels } from './labels';
import { QuestionRefs } from './transcript-jump';

/** Why the AI scored as it did, subject by subject. */
export function ReasoningPanel({ entries, unavailable }: { entries: readonly ReasoningEntry[]; unavailable: boolean }) {
  return (
    <section aria-labelledby="review-reasoning-title" className="panel">
      <h2 id="review-reasoning-title">AI reasoning</h2>
      {entries.length === 0 ? (
        <p>{unavailable ? 'Not available: this part of scoring did not finish (see above).' : 'No reasoning is available.'}</p>
      ) : (
        <div className="reasoning-list">
          {entries.map((entry, index) => (
            <article key={entry.subject} aria-labelledby={`reasoning-${index}`} className="reasoning-entry">
              <h3 id={`reasoning-${index}`}>{entry.title}</h3>
              <p>{entry.explanation}</p>
              <p className="reasoning-confidence">Confidence: {formatPercent(entry.confidence)}</p>
              <QuestionRefs refs={entry.refs} />
            </article>
          ))}
        </div>
      )}
    </section>
  );
}

const priorityOrder: Record<Recommendation['priority'], number> = { high: 0, medium: 1, low: 2 };

/** What the AI suggests the recruiter does next, most urgent first. */
export function RecommendationsPanel({ recommendations, unavailable }: { recommendations: readonly Recommendation[]; unavailable: boolean }) {
  const sorted = [...recommendations].sort((a, b) => priorityOrder[a.priority] - priorityOrder[b.priority]);
  return (
    <section aria-labelledby="review-recommendations-title" className="panel">
      <h2 id="review-recommendations-title">Recommended actions</h2>
      {sorted.length === 0 ? (
        <p>{unavailable ? 'Not available: this part of scoring did not finish (see above).' : 'No actions are recommended.'}</p>
      ) : (
        <ol className="recommendation-list">
          {sorted.map((recommendation, index) => (
            <li key={index}>
              <p>
                <strong>{recommendation.action}</strong>
                <span className={`badge priority-badge priority-${recommendation.priority}`}>{priorityLabels[recommendation.priority]}</span>
              </p>
              <p>{recommendation.rationale}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
