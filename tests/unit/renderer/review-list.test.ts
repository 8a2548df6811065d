import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ReviewListItem } from '../../../shared/domain/assessment';
import type { LoadState } from '../../../src-renderer/src/hooks/useLoad';
import { ReviewDashboard } from '../../../src-renderer/src/screens/staff/review/ReviewDashboard';
import { initialFilters, type ReviewFilters, type ReviewList } from '../../../src-renderer/src/screens/staff/review/useReviewList';

/**
 * The staff dashboard's list of interviews, rendered by React from what
 * useReviewList holds (the filters as typed and the last review.list
 * answer): its table, its sort order as a screen reader hears it, its
 * filters, and what it says when there is nothing, or nothing yet, to show.
 */

function item(patch: Partial<ReviewListItem>): ReviewListItem {
  return {
    interviewId: 'interview-1',
    candidateName: 'Casey Candidate',
    candidateEmail: 'casey@example.com',
    roleType: 'react',
    interviewStatus: 'completed',
    reviewStatus: 'complete',
    date: '2026-11-26T09:52:30.000Z',
    overallScore: 77.6,
    integrityScore: 88,
    flagCount: 2,
    highestSeverity: 'high',
    decision: 'advance',
    ...patch,
  };
}

/** The list as the hook hands it over; the callbacks only matter when clicked, which a rendering does not do. */
function list(state: LoadState<{ items: ReviewListItem[] }>, filters: Partial<ReviewFilters> = {}, scoreErrors: ReviewList['scoreErrors'] = { minScore: undefined, maxScore: undefined }): ReviewList {
  const ignore = () => undefined;
  return { filters: { ...initialFilters, ...filters }, update: ignore, sortBy: ignore, state, reload: ignore, scoreErrors, reset: ignore };
}

function render(reviewList: ReviewList): { html: string; words: string } {
  const html = renderToStaticMarkup(h(ReviewDashboard, { list: reviewList, onOpen: () => undefined }));
  const words = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/ ([:.,;])/g, '$1');
  return { html, words };
}

describe('the interviews dashboard', () => {
  const ready = list({
    status: 'ready',
    data: {
      items: [
        item({}),
        item({ interviewId: 'interview-2', candidateName: 'Sam Scoring', candidateEmail: 'sam@example.com', roleType: 'fullstack', reviewStatus: 'scoring', overallScore: null, integrityScore: null, flagCount: 0, highestSeverity: null, decision: null }),
      ],
    },
  });

  it('lists each interview with role, status, scores (in words for screen readers), flags and decision', () => {
    const { words } = render(ready);
    expect(words).toContain('2 interviews. Scores still being worked out refresh automatically.');
    expect(words).toContain('Open the interview of Casey Candidate casey@example.com React Complete');
    expect(words).toContain('78 78 out of 100');
    expect(words).toContain('88 88 out of 100');
    expect(words).toContain('2 highest high Advance');
    expect(words).toContain('Sam Scoring sam@example.com Full-stack Scoring…');
    expect(words).toContain('— not scored — not scored None None yet');
  });

  it('says how the table is sorted, on the sorted column only', () => {
    const { html, words } = render(ready);
    expect(words).toContain('Interviews, sorted by date, descending');
    expect(html.match(/aria-sort="descending"[^>]*>\s*<button[^>]*>Date/)).not.toBeNull();
    expect((html.match(/aria-sort="none"/g) ?? []).length).toBe(3);
    const byName = render(list(ready.state, { sort: 'candidate', direction: 'asc' }));
    expect(byName.words).toContain('Interviews, sorted by candidate, ascending');
    expect(byName.html.match(/aria-sort="ascending"[^>]*>\s*<button[^>]*>Candidate/)).not.toBeNull();
  });

  it('offers search, role, status and score filters, and says a typed score is out of range', () => {
    const { words } = render(list(ready.state, { minScore: '120' }, { minScore: 'Enter a score from 0 to 100.', maxScore: undefined }));
    expect(words).toContain('Search by name or email');
    expect(words).toContain('All roles React Python JavaScript Full-stack');
    expect(words).toContain('All statuses In progress Abandoned Scoring… Complete Partial Scoring failed');
    expect(words).toContain('Lowest overall');
    expect(words).toContain('Enter a score from 0 to 100.');
    // One interview: no plural, and nothing is being scored.
    expect(render(list({ status: 'ready', data: { items: [item({})] } })).words).toContain('1 interview');
    expect(render(list({ status: 'ready', data: { items: [item({})] } })).words).not.toContain('refresh automatically');
  });

  it('tells an empty device from filters that match nothing', () => {
    const empty: LoadState<{ items: ReviewListItem[] }> = { status: 'ready', data: { items: [] } };
    expect(render(list(empty)).words).toContain('No interviews yet. An interview appears here as soon as a candidate starts it at a kiosk');
    const filtered = render(list(empty, { search: 'nobody' })).words;
    expect(filtered).toContain('No interviews match. Try another name or email, or clear the filters.');
    expect(filtered).toContain('Clear search and filters');
  });

  it('shows loading, and a failed load with its reason and a retry', () => {
    expect(render(list({ status: 'loading' })).words).toContain('Loading interviews…');
    const failed = render(list({ status: 'error', message: 'You are signed out. Sign in again to continue.' })).words;
    expect(failed).toContain('We could not load the interviews: You are signed out. Sign in again to continue.');
    expect(failed).toContain('Retry');
  });
});
