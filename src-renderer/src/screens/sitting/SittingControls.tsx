import type { ReactNode } from 'react';
import type { ProctorSittingView } from '../../../../shared/domain/sitting-events';
import { EndSittingControl } from './EndSittingControl';
import { PauseResumeControl } from './PauseResumeControl';
import { SittingDetails } from './SittingDetails';
import { SittingEvents } from './SittingEvents';
import { SittingNotes } from './SittingNotes';

interface SittingControlsProps {
  sitting: ProctorSittingView;
  onChanged: (sitting: ProctorSittingView) => void;
  onEnded: () => void;
  /** Shown under the details: the proctor's own screen puts its hand-over here. */
  children?: ReactNode;
}

/** Everything a proctor does with a sitting in progress: on their own screen, and in the panel over the candidate's. */
export function SittingControls({ sitting, onChanged, onEnded, children }: SittingControlsProps) {
  return (
    <>
      <SittingDetails sitting={sitting} />
      {children}
      <section aria-labelledby="sitting-actions-title" className="sitting-section">
        <h3 id="sitting-actions-title">Pause or end</h3>
        <PauseResumeControl sitting={sitting} onChanged={onChanged} />
        <EndSittingControl sitting={sitting} onChanged={onChanged} onEnded={onEnded} />
      </section>
      <SittingEvents events={sitting.integrityEvents} earlier={sitting.earlierIntegrityEvents} />
      <SittingNotes sitting={sitting} onChanged={onChanged} />
    </>
  );
}
