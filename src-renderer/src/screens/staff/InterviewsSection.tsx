import { useState } from 'react';
import type { StaffRole } from '../../../../shared/domain/roles';
import { ScreenHeading } from '../../components/ScreenHeading';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { InterviewDetail } from './review/InterviewDetail';
import { ReviewDashboard } from './review/ReviewDashboard';
import { openButtonId } from './review/ReviewTable';
import { useReviewList } from './review/useReviewList';

interface InterviewsSectionProps {
  role: StaffRole;
  /** Changes each time the "Interviews" tab is chosen. */
  listRequest: number;
}

/**
 * The recruiters' review: the dashboard of interviews and, for the one
 * opened, its assessment. The list (and its search and filters) stays
 * alive while an interview is open, so "Back" returns to the same place.
 * Main enforces who may decide; viewers get the same screens without the
 * decision form and the retry.
 */
export function InterviewsSection({ role, listRequest }: InterviewsSectionProps) {
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useReviewList({ poll: openId === null });
  const focus = useFocusRequest();
  const canDecide = role === 'recruiter' || role === 'admin';

  // Choosing the tab shows the list with fresh rows, also from an open
  // interview, as "Back" does (same search and filters); the list's heading
  // then takes focus, as on any new screen. Adjusted during render, React's
  // way of following a prop, so the detail never shows for a frame after the click.
  const [seenListRequest, setSeenListRequest] = useState(listRequest);
  if (listRequest !== seenListRequest) {
    setSeenListRequest(listRequest);
    setOpenId(null);
    list.reload();
  }

  if (openId) {
    return (
      <InterviewDetail
        key={openId}
        interviewId={openId}
        canDecide={canDecide}
        onBack={() => {
          setOpenId(null);
          // A decision may have changed the row; and focus goes back to where the reader left.
          list.reload();
          focus(openButtonId(openId));
        }}
      />
    );
  }

  return (
    <>
      <ScreenHeading>Interviews</ScreenHeading>
      {canDecide ? null : <p className="alert alert-info">You can read interviews and assessments here, but only recruiters and administrators can record decisions.</p>}
      <ReviewDashboard list={list} onOpen={setOpenId} />
    </>
  );
}
