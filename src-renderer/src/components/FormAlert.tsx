import type { ReactNode } from 'react';

/**
 * Kept in the DOM even when empty: screen readers announce changes to an
 * existing alert region far more reliably than a region that appears with
 * its text already inside.
 */
export function FormAlert({ id, message, children }: { id: string; message: string | null; children?: ReactNode }) {
  const hasContent = Boolean(message) || Boolean(children);
  return (
    <div id={id} role="alert" tabIndex={-1} className={hasContent ? 'alert alert-error' : 'alert-empty'}>
      {message ? <p>{message}</p> : null}
      {children}
    </div>
  );
}

/** Polite confirmations and notices ("Settings saved.", "You have signed out."). */
export function StatusMessage({ id, message, tone = 'success' }: { id?: string; message: string | null; tone?: 'success' | 'info' }) {
  return (
    <div id={id} role="status" className={message ? `alert alert-${tone}` : 'alert-empty'}>
      {message ? <p>{message}</p> : null}
    </div>
  );
}
