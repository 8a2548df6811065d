import type { Finding } from '../../../../../shared/domain/assessment';
import { QuestionRefs } from './transcript-jump';

/** Strengths and weaknesses, each with the answers it rests on. */
export function FindingsPanel({ strengths, weaknesses, unavailable }: { strengths: readonly Finding[]; weaknesses: readonly Finding[]; unavailable: boolean }) {
  return (
    <section aria-labelledby="review-findings-title" className="panel">
      <h2 id="review-findings-title">Strengths and weaknesses</h2>
      {unavailable && strengths.length === 0 && weaknesses.length === 0 ? (
        <p>Not available: the technical scoring did not finish (see above).</p>
      ) : (
        <div className="findings">
          <FindingList id="review-strengths" title="Strengths" findings={strengths} empty="No particular strengths were noted." />
          <FindingList id="review-weaknesses" title="Weaknesses" findings={weaknesses} empty="No particular weaknesses were noted." />
        </div>
      )}
    </section>
  );
}

function FindingList({ id, title, findings, empty }: { id: string; title: string; findings: readonly Finding[]; empty: string }) {
  return (
    <section aria-labelledby={`${id}-title`} className="finding-group">
      <h3 id={`${id}-title`}>{title}</h3>
      {findings.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul className="finding-list">
          {findings.map((finding, index) => (
            <li key={index}>
              <p className="finding-description">{finding.description}</p>
              <p className="finding-area">Area: {finding.area}</p>
              <QuestionRefs refs={finding.refs} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
