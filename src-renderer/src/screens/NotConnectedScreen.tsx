import { SignedOutFrame } from '../components/Frame';
import { ScreenHeading } from '../components/ScreenHeading';

/** Shown when the page was opened outside the app (no preload, no bridge): nothing else can work. */
export function NotConnectedScreen() {
  return (
    <SignedOutFrame>
      <ScreenHeading>Not connected</ScreenHeading>
      <div role="alert" className="alert alert-error">
        <p>
          This window is not connected to the Teamified Kiosk app, so it cannot sign anyone in or save anything.
        </p>
      </div>
      <p>Close this window and open Teamified Kiosk again. If this keeps happening, please ask a member of staff or IT for help.</p>
    </SignedOutFrame>
  );
}
