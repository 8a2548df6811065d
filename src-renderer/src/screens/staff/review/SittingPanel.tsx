import type { SittingEndReason, SittingView } from '../../../../../shared/domain/proctoring';
import { useNow } from '../../../hooks/useNow';
import { SittingNoteList } from '../../sitting/SittingNotes';
import { accommodationsText, sittingStatusText, timePausedText } from '../../sitting/sitting-words';
import { formatDateTime } from './format';

const endReasonText: Record<SittingEndReason, string> = {
  proctor: 'Ended by the proctor',
  'interview-submitted': 'Ended when the candidate submitted the interview',
};

/**
 * The proctored sittings the interview was taken in (usually one; a
 * sitting the proctor ended can be followed by another): who opened each
 * and checked the candidate's identity, what they granted, how long it
 * was paused, how it ended, and the proctor's incident notes. Read-only: notes are added at
 * the kiosk.
 */
export function SittingPanel({ sittings }: { sittings: readonly SittingView[] }) {
  // Only a sitting still paused counts on; to the minute is enough for a review.
  const now = useNow(60_000);
  return (
    <section aria-labelledby="review-sitting-title" className="panel">
      <h2 id="review-sitting-title">{sittings.length > 1 ? 'Proctored sittings' : 'Proctored sitting'}</h2>
      {sittings.length === 0 ? <p>This interview was not taken in a proctored sitting (the kiosk did not require one).</p> : null}
      {sittings.map((sitting, index) => (
        <div key={sitting.id}>
          {sittings.length > 1 ? <h3>{`Sitting ${index + 1} of ${sittings.length}`}</h3> : null}
          <dl className="summary-list">
            <dt>Opened</dt>
            <dd>
              by {sitting.openedBy.fullName}, {formatDateTime(sitting.openedAt)}
            </dd>
            <dt>Identity checked</dt>
            <dd>
              {sitting.identityCheck}, confirmed {formatDateTime(sitting.identityConfirmedAt)}
            </dd>
            <dt>Accommodations</dt>
            <dd>{accommodationsText(sitting.accommodations)}</dd>
            <dt>Time paused</dt>
            <dd>{timePausedText(sitting, now)}</dd>
            <dt>Status</dt>
            <dd>
              {sitting.status === 'ended' && sitting.endedAt
                ? `${sitting.endReason ? endReasonText[sitting.endReason] : 'Ended'}, ${formatDateTime(sitting.endedAt)}`
                : sittingStatusText(sitting)}
            </dd>
          </dl>
          <h4>Proctor’s notes</h4>
          <SittingNoteList notes={sitting.notes} empty="The proctor wrote no notes." />
        </div>
      ))}
    </section>
  );
}
