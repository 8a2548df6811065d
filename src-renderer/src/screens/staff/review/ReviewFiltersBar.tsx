import { reviewStatuses } from '../../../../../shared/domain/assessment';
import { roleTypes } from '../../../../../shared/domain/interview';
import { TextField } from '../../../components/TextField';
import { reviewStatusLabels, roleLabel } from './labels';
import type { ReviewList } from './useReviewList';

/** Search and filters; every change reloads the list (typing after a short pause). */
export function ReviewFiltersBar({ list }: { list: ReviewList }) {
  const { filters, update, scoreErrors } = list;
  return (
    <div role="search" className="review-filters" aria-label="Find interviews">
      <div className="review-filter review-filter-wide">
        <TextField
          id="review-search"
          label="Search by name or email"
          type="search"
          value={filters.search}
          onChange={(search) => update({ search })}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="review-filter field">
        <label htmlFor="review-role" className="field-label">
          Role
        </label>
        <select
          id="review-role"
          className="field-input"
          value={filters.roleType}
          onChange={(event) => update({ roleType: event.target.value as ReviewList['filters']['roleType'] })}
        >
          <option value="all">All roles</option>
          {roleTypes.map((role) => (
            <option key={role} value={role}>
              {roleLabel(role)}
            </option>
          ))}
        </select>
      </div>
      <div className="review-filter field">
        <label htmlFor="review-status" className="field-label">
          Status
        </label>
        <select
          id="review-status"
          className="field-input"
          value={filters.status}
          onChange={(event) => update({ status: event.target.value as ReviewList['filters']['status'] })}
        >
          <option value="all">All statuses</option>
          {reviewStatuses.map((status) => (
            <option key={status} value={status}>
              {reviewStatusLabels[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="review-filter review-filter-narrow">
        <TextField
          id="review-min-score"
          label="Lowest overall"
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          value={filters.minScore}
          onChange={(minScore) => update({ minScore })}
          error={scoreErrors.minScore}
        />
      </div>
      <div className="review-filter review-filter-narrow">
        <TextField
          id="review-max-score"
          label="Highest overall"
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          value={filters.maxScore}
          onChange={(maxScore) => update({ maxScore })}
          error={scoreErrors.maxScore}
        />
      </div>
    </div>
  );
}
