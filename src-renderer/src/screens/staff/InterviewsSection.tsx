import { ScreenHeading } from '../../components/ScreenHeading';

/**
 * There is no interview channel yet, so the list is truthfully empty; this
 * is the empty state the dashboard keeps once interviews do arrive.
 */
export function InterviewsSection() {
  return (
    <>
      <ScreenHeading>Interviews</ScreenHeading>
      <section aria-labelledby="interviews-list-title" className="panel">
        <h2 id="interviews-list-title" className="visually-hidden">
          Submitted interviews
        </h2>
        <div className="empty-state">
          <p className="empty-state-title">No interviews yet.</p>
          <p>Interviews taken at kiosks appear here once they are submitted.</p>
        </div>
      </section>
    </>
  );
}
