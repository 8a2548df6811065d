import type { ReviewListItem, ReviewSortKey } from '../../../../../shared/domain/assessment';
import { describeScore, formatDate, formatScore } from './format';
import { decisionLabels, reviewStatusLabels, roleLabel, severityLabels, sortLabels } from './labels';
import type { ReviewList } from './useReviewList';

interface ReviewTableProps {
  items: ReviewListItem[];
  list: ReviewList;
  onOpen: (interviewId: string) => void;
}

export function openButtonId(interviewId: string): string {
  return `review-open-${interviewId}`;
}

/** The interviews, one row each; the candidate's name opens the interview. */
export function ReviewTable({ items, list, onOpen }: ReviewTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table review-table">
        <caption className="visually-hidden">
          Interviews, sorted by {sortLabels[list.filters.sort].toLowerCase()}, {list.filters.direction === 'asc' ? 'ascending' : 'descending'}
        </caption>
        <thead>
          <tr>
            <SortableHeader column="candidate" list={list} />
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <SortableHeader column="date" list={list} />
            <SortableHeader column="overallScore" list={list} numeric />
            <SortableHeader column="integrityScore" list={list} numeric />
            <th scope="col">Flags</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.interviewId}>
              <th scope="row" className="review-candidate">
                <button id={openButtonId(item.interviewId)} type="button" className="link-button" onClick={() => onOpen(item.interviewId)}>
                  <span className="visually-hidden">Open the interview of </span>
                  {item.candidateName}
                </button>
                <span className="review-email">{item.candidateEmail}</span>
              </th>
              <td>{roleLabel(item.roleType)}</td>
              <td>
                <span className={`status-pill status-${item.reviewStatus}`}>{reviewStatusLabels[item.reviewStatus]}</span>
              </td>
              <td>{formatDate(item.date)}</td>
              <td className="numeric">
                <span aria-hidden="true">{formatScore(item.overallScore)}</span>
                <span className="visually-hidden">{describeScore(item.overallScore)}</span>
              </td>
              <td className="numeric">
                <span aria-hidden="true">{formatScore(item.integrityScore)}</span>
                <span className="visually-hidden">{describeScore(item.integrityScore)}</span>
              </td>
              <td>
                {item.flagCount === 0 ? (
                  'None'
                ) : (
                  <>
                    {item.flagCount}
                    {item.highestSeverity ? (
                      <span className={`severity severity-${item.highestSeverity}`}>
                        {' '}
                        highest {severityLabels[item.highestSeverity].toLowerCase()}
                      </span>
                    ) : null}
                  </>
                )}
              </td>
              <td>{item.decision ? decisionLabels[item.decision] : 'None yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SortableHeader({ column, list, numeric = false }: { column: ReviewSortKey; list: ReviewList; numeric?: boolean }) {
  const active = list.filters.sort === column;
  const direction = list.filters.direction;
  const ariaSort = active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort} className={numeric ? 'numeric' : undefined}>
      <button type="button" className="sort-button" onClick={() => list.sortBy(column)}>
        {sortLabels[column]}
        <span aria-hidden="true" className="sort-indicator">
          {active ? (direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
