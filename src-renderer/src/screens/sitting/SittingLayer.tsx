import { useState, type ReactNode } from 'react';
import type { KioskSitting } from '../../../../shared/domain/proctoring';
import type { ProctorSittingView } from '../../../../shared/domain/sitting-events';
import { useNow } from '../../hooks/useNow';
import { useKioskCall } from '../../kiosk-context';
import { PinDialog } from './PinDialog';
import { ProctorPanel } from './ProctorPanel';
import { SittingOverlay } from './SittingOverlay';
import { controlsHeldUntil, sittingHolds } from './sitting-words';
import { useExitSequence } from './useExitSequence';

interface SittingLayerProps {
  /** The kiosk's sitting; null on a recruiter laptop or when none is open. */
  sitting: KioskSitting | null;
  /** The exit sequence works on a kiosk only. */
  kiosk: boolean;
  /** Who is signed in: a candidate's screen is covered while the sitting is held; a proctor has the controls on their own screen. */
  signedIn: 'candidate' | 'proctor' | 'staff' | null;
  /** The proctor ended the sitting from the panel (main signs the candidate out). */
  onEnded: () => void;
  /** From the lock screen: sign the candidate out so the proctor can sign in with their password (when PINs are refused). */
  onProctorSignIn: () => void;
  /** The screen beneath. */
  children: ReactNode;
}

/**
 * Everything of a sitting that goes over the screen: the pause and lock
 * overlays, the exit sequence's PIN dialog and the proctor's panel. The
 * screen beneath is made inert while any of them is up (nothing on it can be
 * reached, by pointer, keyboard or screen reader) and is never unmounted, so
 * what the candidate typed or did is there when they come back to it.
 */
export function SittingLayer({ sitting, kiosk, signedIn, onEnded, onProctorSignIn, children }: SittingLayerProps) {
  const call = useKioskCall();
  const [pinOpen, setPinOpen] = useState(false);
  const [unlocked, setUnlocked] = useState<ProctorSittingView | null>(null);
  // The controls given back with "Back to the candidate", hidden before main's event confirms it.
  const [released, setReleased] = useState<string | null>(null);
  // Re-rendered each second so the panel closes when its time is up (main forgets the grant by itself, unannounced).
  const now = useNow(1000);

  const until = signedIn === 'proctor' || sitting?.proctorControlUntil === released ? null : controlsHeldUntil(sitting, now);
  const panelOpen = sitting !== null && until !== null;
  const overlayOpen = sitting !== null && signedIn === 'candidate' && sittingHolds(sitting);
  const dialogOpen = pinOpen && !panelOpen;

  useExitSequence(kiosk && signedIn !== 'proctor' && !panelOpen, () => setPinOpen(true));

  const back = () => {
    setReleased(sitting?.proctorControlUntil ?? null);
    setUnlocked(null);
    void call('sitting.releaseControls', {});
  };

  return (
    <>
      <div className="sitting-beneath" inert={overlayOpen || panelOpen || dialogOpen}>
        {children}
      </div>
      {sitting && overlayOpen ? <SittingOverlay sitting={sitting} covered={panelOpen || dialogOpen} onUnlock={() => setPinOpen(true)} onProctorSignIn={onProctorSignIn} /> : null}
      {sitting && until !== null ? <ProctorPanel kioskSitting={sitting} initial={unlocked} until={until} onBack={back} onEnded={onEnded} /> : null}
      {dialogOpen ? (
        <PinDialog
          onClose={() => setPinOpen(false)}
          onUnlocked={(view) => {
            setPinOpen(false);
            setUnlocked(view);
            setReleased(null);
          }}
        />
      ) : null}
    </>
  );
}
