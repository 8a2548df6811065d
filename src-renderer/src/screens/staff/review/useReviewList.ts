import { useCallback, useEffect, useState } from 'react';
import type { ReviewSortKey, ReviewStatus } from '../../../../../shared/domain/assessment';
import type { RoleType } from '../../../../../shared/domain/interview';
import { useLoad } from '../../../hooks/useLoad';
import { useKioskCall } from '../../../kiosk-context';
import { defaultDirection } from './labels';
import { useDebounced } from './useDebounced';

export const SEARCH_DEBOUNCE_MS = 250;
/** While any listed interview is being scored, the list is fetched again this often. */
export const LIST_POLL_MS = 3000;

export interface ReviewFilters {
  search: string;
  roleType: RoleType | 'all';
  status: ReviewStatus | 'all';
  /** As typed; checked by parseScore. */
  minScore: string;
  maxScore: string;
  sort: ReviewSortKey;
  direction: 'asc' | 'desc';
}

export const initialFilters: ReviewFilters = {
  search: '',
  roleType: 'all',
  status: 'all',
  minScore: '',
  maxScore: '',
  sort: 'date',
  direction: 'desc',
};

/** A typed score bound: null when empty, 'invalid' when it is not a number from 0 to 100. */
export function parseScore(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 && value <= 100 ? value : 'invalid';
}

export function hasActiveFilters(filters: ReviewFilters): boolean {
  return filters.search.trim() !== '' || filters.roleType !== 'all' || filters.status !== 'all' || filters.minScore.trim() !== '' || filters.maxScore.trim() !== '';
}

/**
 * The dashboard's list: the filters as typed, the typed ones (search, scores)
 * sent once typing pauses, and (while `poll`, i.e. the list is on screen) a
 * refresh every few seconds while an interview in it is still being scored.
 */
export function useReviewList({ poll }: { poll: boolean }) {
  const call = useKioskCall();
  const [filters, setFilters] = useState<ReviewFilters>(initialFilters);
  const search = useDebounced(filters.search.trim(), SEARCH_DEBOUNCE_MS);
  const minText = useDebounced(filters.minScore, SEARCH_DEBOUNCE_MS);
  const maxText = useDebounced(filters.maxScore, SEARCH_DEBOUNCE_MS);
  const minParsed = parseScore(minText);
  const maxParsed = parseScore(maxText);
  const minScore = minParsed === 'invalid' ? null : minParsed;
  const maxScore = maxParsed === 'invalid' ? null : maxParsed;
  const { roleType, status, sort, direction } = filters;

  const load = useCallback(
    () => call('review.list', { search, roleType, status, minScore, maxScore, sort, direction }),
    [call, search, roleType, status, minScore, maxScore, sort, direction],
  );
  const { state, reload } = useLoad(load);

  const scoring = poll && state.status === 'ready' && state.data.items.some((item) => item.reviewStatus === 'scoring');
  useEffect(() => {
    if (!scoring) return;
    const timer = setTimeout(reload, LIST_POLL_MS);
    return () => clearTimeout(timer);
  }, [state, scoring, reload]);

  const update = useCallback((patch: Partial<ReviewFilters>) => setFilters((previous) => ({ ...previous, ...patch })), []);

  /** A click on a column header: the same column flips direction, another starts in its usual one. */
  const sortBy = useCallback(
    (key: ReviewSortKey) =>
      setFilters((previous) =>
        previous.sort === key
          ? { ...previous, direction: previous.direction === 'asc' ? 'desc' : 'asc' }
          : { ...previous, sort: key, direction: defaultDirection[key] },
      ),
    [],
  );

  const scoreErrors = {
    minScore: parseScore(filters.minScore) === 'invalid' ? 'Enter a score from 0 to 100.' : undefined,
    maxScore: parseScore(filters.maxScore) === 'invalid' ? 'Enter a score from 0 to 100.' : undefined,
  };

  return { filters, update, sortBy, state, reload, scoreErrors, reset: () => setFilters(initialFilters) };
}

export type ReviewList = ReturnType<typeof useReviewList>;
