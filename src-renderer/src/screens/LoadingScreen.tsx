import { SignedOutFrame } from '../components/Frame';
import { Loading } from '../components/LoadStates';

export function LoadingScreen() {
  return (
    <SignedOutFrame>
      <h1 className="screen-title">Teamified Kiosk</h1>
      <Loading>Getting things ready…</Loading>
    </SignedOutFrame>
  );
}
