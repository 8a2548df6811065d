import { reviewStatuses } from '../../../../../shared/domain/assessment';
import { roleTypes } from '../../../../../shared/domain/interview';
import { TextField } from '../../../components/TextField';
import { reviewStatusLabels, roleLabel } from './labels';
import type { ReviewList } from './useReviewList';
import { SelectField } from '../../../components/SelectField';

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
      <SelectField
        id="review-role"
        className="review-filter"
        label="Role"
        value={filters.roleType}
        options={[['all', 'All roles'], ...roleTypes.map((role) => [role, roleLabel(role)] as const)]}
        onChange={(roleType) => update({ roleType })}
      />
      <SelectField
        id="review-status"
        className="review-filter"
        label="Status"
        value={filters.status}
        options={[['all', 'All statuses'], ...reviewStatuses.map((status) => [status, reviewStatusLabels[status]] as const)]}
        onChange={(status) => update({ status })}
      />
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
