import type { SittingEvent } from '../../../../shared/domain/sitting-events';
import { formatDateTime } from '../staff/review/format';

interface SittingEventsProps {
  events: readonly SittingEvent[];
  /** Older events left out of the list. */
  earlier: number;
}

/**
 * What the kiosk noticed during the sitting's interview (focus lost, pastes,
 * a prohibited program, a display connected ...), newest first, in the
 * recruiter's words. Only in the proctor's controls: the candidate never
 * sees it.
 */
export function SittingEvents({ events, earlier }: SittingEventsProps) {
  return (
    <section aria-labelledby="sitting-events-title" className="sitting-section">
      <h3 id="sitting-events-title">What the kiosk noticed</h3>
      {events.length === 0 ? (
        <p>Nothing so far.</p>
      ) : (
        <ul className="sitting-notes" aria-labelledby="sitting-events-title">
          {events.map((event, index) => (
            <li key={`${event.occurredAt}-${index}`}>
              <p className="sitting-note-meta">
                <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
              </p>
              <p className="sitting-note-text">
                {event.label}
                {event.evidence ? `: ${event.evidence}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
      {earlier > 0 ? <p>And {earlier === 1 ? '1 earlier event' : `${earlier.toLocaleString()} earlier events`}, which the recruiter’s review lists.</p> : null}
    </section>
  );
}
