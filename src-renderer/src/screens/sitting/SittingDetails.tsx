import type { SittingView } from '../../../../shared/domain/proctoring';
import { useNow } from '../../hooks/useNow';
import { roleLabels } from '../interview/labels';
import { formatDateTime } from '../staff/review/format';
import { accommodationsText, sittingStatusText, timePausedText } from './sitting-words';

/** Who the sitting is for, for which interview, who opened it and how it stands. */
export function SittingDetails({ sitting }: { sitting: SittingView }) {
  // A running pause is counted on screen second by second.
  const now = useNow(1000);
  return (
    <dl className="summary-list">
      <dt>Candidate</dt>
      <dd>
        {sitting.candidate.fullName} ({sitting.candidate.email})
      </dd>
      <dt>Interview</dt>
      <dd>{roleLabels[sitting.roleType].label}</dd>
      <dt>Status</dt>
      <dd>{sittingStatusText(sitting)}</dd>
      <dt>Opened</dt>
      <dd>
        by {sitting.openedBy.fullName}, {formatDateTime(sitting.openedAt)}
      </dd>
      <dt>Identity checked</dt>
      <dd>{sitting.identityCheck}</dd>
      <dt>Accommodations</dt>
      <dd>{accommodationsText(sitting.accommodations)}</dd>
      <dt>Time paused</dt>
      <dd>{timePausedText(sitting, now)}</dd>
    </dl>
  );
}
