import { useState } from 'react';
import type { StaffRole } from '../../../../shared/domain/roles';
import { ScreenHeading } from '../../components/ScreenHeading';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { InterviewDetail } from './review/InterviewDetail';
import { ReviewDashboard } from './review/ReviewDashboard';
import { openButtonId } from './review/ReviewTable';
import { useReviewList } from './review/useReviewList';

/**
 * The recruiters' review: the dashboard of interviews and, for the one
 * opened, its assessment. The list (and its search and filters) stays
 * alive while an interview is open, so "Back" returns to the same place.
 * Main enforces who may decide; viewers get the same screens without the
 * decision form and the retry.
 */
export function InterviewsSection({ role }: { role: StaffRole }) {
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useReviewList({ poll: openId === null });
  const focus = useFocusRequest();
  const canDecide = role === 'recruiter' || role === 'admin';

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
