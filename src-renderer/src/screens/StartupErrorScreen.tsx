import { SignedOutFrame } from '../components/Frame';
import { ScreenHeading } from '../components/ScreenHeading';

export function StartupErrorScreen({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <SignedOutFrame>
      <ScreenHeading>Teamified Kiosk could not start</ScreenHeading>
      <div role="alert" className="alert alert-error">
        <p>{message}</p>
      </div>
      <p>Try again. If this keeps happening, please ask a member of staff or IT for help.</p>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </SignedOutFrame>
  );
}
