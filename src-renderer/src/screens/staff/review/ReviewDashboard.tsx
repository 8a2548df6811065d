import { hasActiveFilters, type ReviewList } from './useReviewList';
import { ReviewFiltersBar } from './ReviewFiltersBar';
import { ReviewTable } from './ReviewTable';
import { Loading, LoadFailed } from '../../../components/LoadStates';

/** The list of interviews with its search, filters, loading, error and empty states. */
export function ReviewDashboard({ list, onOpen }: { list: ReviewList; onOpen: (interviewId: string) => void }) {
  const { state, reload, filters } = list;
  const items = state.status === 'ready' ? state.data.items : null;
  const scoring = items?.some((item) => item.reviewStatus === 'scoring') ?? false;

  return (
    <section aria-labelledby="interviews-list-title" className="panel">
      {/* Every interview this device holds, started or abandoned as well as submitted: the Status filter narrows it. */}
      <h2 id="interviews-list-title">All interviews</h2>
      <ReviewFiltersBar list={list} />
      {state.status === 'error' ? <LoadFailed what="the interviews" message={state.message} onRetry={reload} /> : null}
      {state.status === 'loading' ? <Loading>Loading interviews…</Loading> : null}
      {items !== null && items.length === 0 ? (
        hasActiveFilters(filters) ? (
          <div className="empty-state">
            <p className="empty-state-title">No interviews match.</p>
            <p>Try another name or email, or clear the filters.</p>
            <button type="button" className="button button-secondary" onClick={list.reset}>
              Clear search and filters
            </button>
          </div>
        ) : (
          <div className="empty-state">
            <p className="empty-state-title">No interviews yet.</p>
            <p>An interview appears here as soon as a candidate starts it at a kiosk, not only once it is submitted.</p>
          </div>
        )
      ) : null}
      {items !== null && items.length > 0 ? (
        <>
          <p role="status" className="review-count">
            {items.length === 1 ? '1 interview' : `${items.length} interviews`}
            {scoring ? '. Scores still being worked out refresh automatically.' : ''}
          </p>
          <ReviewTable items={items} list={list} onOpen={onOpen} />
        </>
      ) : null}
    </section>
  );
}
