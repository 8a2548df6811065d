import type { ReactNode } from 'react';
import type { SessionUser } from '../../../shared/ipc/contract';

export const roleLabels: Record<SessionUser['role'], string> = {
  candidate: 'Candidate',
  recruiter: 'Recruiter',
  admin: 'Administrator',
  viewer: 'Viewer',
  proctor: 'Proctor',
};

function Brand() {
  return (
    <p className="brand">
      <span className="brand-mark" aria-hidden="true">
        T
      </span>
      Teamified Kiosk
    </p>
  );
}

function Footer({ version }: { version: string | undefined }) {
  return <footer className="app-footer">{version ? `Teamified Kiosk version ${version}` : 'Teamified Kiosk'}</footer>;
}

/** Sign-in, registration, setup and status screens: one centred card. */
export function SignedOutFrame({ version, children }: { version?: string | undefined; children: ReactNode }) {
  return (
    <div className="app-shell">
      <header className="app-header">
        <Brand />
      </header>
      <main className="app-main app-main-narrow">
        <div className="card">{children}</div>
      </main>
      <Footer version={version} />
    </div>
  );
}

interface SignedInFrameProps {
  user: SessionUser;
  version: string | undefined;
  onSignOut: () => void;
  signingOut: boolean;
  signOutError: string | null;
  nav?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}

export function SignedInFrame({ user, version, onSignOut, signingOut, signOutError, nav, wide = false, children }: SignedInFrameProps) {
  return (
    <div className="app-shell">
      <header className="app-header">
        <Brand />
        <div className="header-user">
          <p className="header-user-text">
            Signed in as <strong>{user.fullName}</strong>
            <span className="header-role">{roleLabels[user.role]}</span>
          </p>
          <button type="button" className="button button-secondary" onClick={onSignOut} disabled={signingOut}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </header>
      {nav}
      <main className={wide ? 'app-main app-main-wide' : 'app-main app-main-narrow'}>
        <div role="alert" className={signOutError ? 'alert alert-error' : 'alert-empty'}>
          {signOutError ? <p>{signOutError}</p> : null}
        </div>
        {children}
      </main>
      <Footer version={version} />
    </div>
  );
}
