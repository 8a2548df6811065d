import type { KioskSitting } from '../../../../shared/domain/proctoring';
import { Modal } from './Modal';
import { lockReasonText } from './sitting-words';

interface SittingOverlayProps {
  sitting: KioskSitting;
  /** The PIN dialog or the proctor's panel is open above. */
  covered: boolean;
  /** "Proctor: unlock": the PIN dialog. */
  onUnlock: () => void;
  /** "Proctor: sign in with your password": for when the kiosk is refusing PINs after too many wrong ones. */
  onProctorSignIn: () => void;
}

/**
 * What the candidate sees while their sitting is held: the proctor's pause
 * (nothing to do but wait, so no controls) or the app's lock after a serious
 * violation (red, with the reason and the proctor's way in). Either covers
 * the whole screen; the screen beneath is inert and kept as it was.
 */
export function SittingOverlay({ sitting, covered, onUnlock, onProctorSignIn }: SittingOverlayProps) {
  if (sitting.lockReason) {
    return (
      <Modal role="alertdialog" labelledBy="sitting-locked-title" describedBy="sitting-locked-text" covered={covered} backdrop="alarm" className="sitting-overlay sitting-locked">
        <h2 id="sitting-locked-title">This kiosk is locked</h2>
        <div id="sitting-locked-text">
          <p>
            <strong>Reason:</strong> {lockReasonText(sitting.lockReason)}.
          </p>
          <p>A proctor must check the kiosk before your interview can go on. Your answers so far are saved. Please stay where you are and wait for your proctor.</p>
        </div>
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={onUnlock}>
            Proctor: unlock
          </button>
          <button type="button" className="button button-secondary" onClick={onProctorSignIn}>
            Proctor: sign in with your password
          </button>
        </div>
      </Modal>
    );
  }
  return (
    <Modal role="alertdialog" labelledBy="sitting-paused-title" describedBy="sitting-paused-text" covered={covered} backdrop="full" className="sitting-overlay sitting-paused">
      <h2 id="sitting-paused-title">Your proctor has paused this sitting. Please wait.</h2>
      <p id="sitting-paused-text">Your interview is on hold and nothing is recorded meanwhile. Your answers so far are saved, and you carry on when your proctor resumes the sitting.</p>
    </Modal>
  );
}
