import type { ReactNode } from 'react';

/** Something is on its way: a spinner and what it is, announced politely. */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <p>{children}</p>
    </div>
  );
}

/** Loading `what` failed: the reason, and a way to try again. */
export function LoadFailed({ what, message, onRetry, retryLabel = 'Retry' }: { what: string; message: string; onRetry: () => void; retryLabel?: string }) {
  return (
    <div role="alert" className="alert alert-error">
      <p>
        We could not load {what}: {message}
      </p>
      <button type="button" className="button button-secondary" onClick={onRetry}>
        {retryLabel}
      </button>
    </div>
  );
}
