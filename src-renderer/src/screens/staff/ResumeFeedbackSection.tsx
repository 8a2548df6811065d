import { useCallback, useState } from 'react';
import type { FeedbackItem } from '../../../../shared/domain/resume';
import type { StaffRole } from '../../../../shared/domain/roles';
import { ScreenHeading } from '../../components/ScreenHeading';
import { useLoad } from '../../hooks/useLoad';
import { useKioskCall } from '../../kiosk-context';
import { FeedbackCard } from './feedback/FeedbackCard';
import { emptyMessages, filterOptions, listHeadings, type FeedbackFilter } from './feedback/labels';
import { FailedFeedback } from './feedback/FailedFeedback';
import { FailedResumes } from './feedback/FailedResumes';
import { useNow } from '../../hooks/useNow';
import { SelectField } from '../../components/SelectField';

/**
 * The approval queue for AI-written resume feedback. Main enforces who may
 * edit and approve; viewers get the same list without the buttons.
 */
export function ResumeFeedbackSection({ role }: { role: StaffRole }) {
  const call = useKioskCall();
  const [filter, setFilter] = useState<FeedbackFilter>('pending_approval');
  const load = useCallback(() => call('feedback.list', { status: filter }), [call, filter]);
  const { state, reload } = useLoad(load);
  // Items changed here stay in view until the next load, so an approved item
  // shows its new status instead of vanishing from the approval queue.
  const [changed, setChanged] = useState<Record<string, FeedbackItem>>({});
  // Refresh loads the failures afresh too: feedback written after a Try again leaves that list.
  const [refreshes, setRefreshes] = useState(0);
  const now = useNow();
  const canApprove = role === 'recruiter' || role === 'admin';

  const items = state.status === 'ready' ? state.data.items.map((item) => changed[item.id] ?? item) : null;
  const replace = (item: FeedbackItem) => setChanged((previous) => ({ ...previous, [item.id]: item }));
  const refresh = () => {
    setChanged({});
    setRefreshes((count) => count + 1);
    reload();
  };

  return (
    <>
      <ScreenHeading>Resume feedback</ScreenHeading>
      {canApprove ? null : (
        <p className="alert alert-info">You can read feedback here, but only recruiters and administrators can edit or approve it.</p>
      )}
      <section aria-labelledby="feedback-queue-title" className="panel">
        <h2 id="feedback-queue-title">{listHeadings[filter]}</h2>
        <div className="filter-bar">
          <SelectField
            id="feedback-filter"
            label="Show"
            value={filter}
            options={filterOptions}
            onChange={(next) => {
              setChanged({});
              setFilter(next);
            }}
          />
          <button type="button" className="button button-secondary" onClick={refresh}>
            Refresh
          </button>
        </div>
        {state.status === 'error' ? (
          <div role="alert" className="alert alert-error">
            <p>We could not load the feedback: {state.message}</p>
          </div>
        ) : null}
        {items === null ? (
          state.status === 'loading' ? <p role="status">Loading feedback…</p> : null
        ) : items.length === 0 ? (
          <div className="empty-state">
            <p className="empty-state-title">{emptyMessages[filter]}</p>
            <p>Feedback is written automatically after a candidate uploads a resume.</p>
          </div>
        ) : (
          <div className="feedback-list">
            {items.map((item) => (
              <FeedbackCard key={item.id} item={item} canApprove={canApprove} now={now} onChanged={replace} />
            ))}
          </div>
        )}
      </section>
      <FailedFeedback key={refreshes} canRetry={canApprove} />
      <FailedResumes />
    </>
  );
}
