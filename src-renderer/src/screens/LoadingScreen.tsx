import { SignedOutFrame } from '../components/Frame';

export function LoadingScreen() {
  return (
    <SignedOutFrame>
      <h1 className="screen-title">Teamified Kiosk</h1>
      <div role="status" className="loading">
        <span className="spinner" aria-hidden="true" />
        <p>Getting things ready…</p>
      </div>
    </SignedOutFrame>
  );
}
