import type { IntegrityFlag, InterviewReview } from '../../../../../shared/domain/assessment';
import { formatDateTime, formatMeasurement, formatPercent, formatScore } from './format';
import { eventKindLabel, flagTypeLabels, severityLabels, severityRank } from './labels';
import { QuestionRefs } from './transcript-jump';

interface IntegrityPanelProps {
  score: number | null;
  summary: string | null;
  flags: readonly IntegrityFlag[];
  events: InterviewReview['integrityEvents'];
}

/** Integrity: the model's summary, each flag with its evidence, and the kiosk's own event log. */
export function IntegrityPanel({ score, summary, flags, events }: IntegrityPanelProps) {
  const sorted = [...flags].sort((a, b) => severityRank[b.severity] - severityRank[a.severity] || b.confidence - a.confidence);
  return (
    <section aria-labelledby="review-integrity-title" className="panel">
      <h2 id="review-integrity-title">Integrity</h2>
      <p>
        Integrity score: <strong>{formatScore(score)}</strong>
        {score === null ? ' (not scored)' : ' out of 100'}
      </p>
      <h3>Summary</h3>
      <p>{summary ?? 'The AI review of integrity is not available; the measured flags below are still listed.'}</p>
      <h3>Flags</h3>
      {sorted.length === 0 ? (
        <p>No integrity concerns were flagged.</p>
      ) : (
        <ul className="flag-list">
          {sorted.map((flag, index) => (
            <li key={index} className={`flag flag-${flag.severity}`}>
              <p className="flag-title">
                <strong>{flagTypeLabels[flag.type]}</strong>
                <span className={`badge severity-badge severity-${flag.severity}`}>{severityLabels[flag.severity]} severity</span>
              </p>
              <p>{flag.evidence}</p>
              <dl className="summary-list">
                <dt>Confidence</dt>
                <dd>{formatPercent(flag.confidence)}</dd>
                <dt>Source</dt>
                <dd>{flag.source === 'measured' ? 'Measured by the kiosk' : "The AI model's reading of the answers"}</dd>
                {Object.keys(flag.measurements).length > 0 ? (
                  <>
                    <dt>Measured</dt>
                    <dd>
                      <ul>
                        {Object.entries(flag.measurements).map(([name, value]) => (
                          <li key={name}>{formatMeasurement(name, value)}</li>
                        ))}
                      </ul>
                    </dd>
                  </>
                ) : null}
              </dl>
              <QuestionRefs refs={flag.refs} />
            </li>
          ))}
        </ul>
      )}
      <h3>Kiosk events</h3>
      {events.length === 0 ? (
        <p>The kiosk recorded no integrity events.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Integrity events recorded by the kiosk</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">When</th>
                <th scope="col">During question</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event, index) => (
                <tr key={index}>
                  <td>{eventKindLabel(event.kind)}</td>
                  <td>{formatDateTime(event.occurredAt)}</td>
                  <td>{event.questionNumber === null ? '—' : `Q${event.questionNumber}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
