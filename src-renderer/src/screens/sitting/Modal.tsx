import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface ModalProps {
  /** The id of the heading that names the dialog. */
  labelledBy: string;
  describedBy?: string;
  /** 'alertdialog' for what stops the candidate (paused, locked), 'dialog' for the proctor's own. */
  role?: 'dialog' | 'alertdialog';
  /** What Escape does; without it Escape does nothing, so a candidate cannot dismiss a pause. */
  onEscape?: () => void;
  /** Another dialog is open above this one: this one is out of reach until that closes. */
  covered?: boolean;
  /** The backdrop's look: a dimmed page, the whole screen taken over, or taken over in red (the lock). */
  backdrop: 'dim' | 'full' | 'alarm';
  className: string;
  children: ReactNode;
}

/**
 * A modal over the whole window. The page beneath is made inert by its owner
 * (SittingLayer), so only this can be reached; Tab and Shift+Tab go round
 * inside it. Focus goes in when it opens (to the element marked
 * `data-autofocus`, else the dialog itself, which reads out its name and
 * description) and back where it was when it closes, so whatever the
 * candidate was doing is there as they left it.
 */
export function Modal({ labelledBy, describedBy, role = 'dialog', onEscape, covered = false, backdrop, className, children }: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);
  // Read while rendering: once the page beneath turns inert, the browser takes focus off it. (No document when rendered to a string.)
  const [opener] = useState(() => (typeof document !== 'undefined' && document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const dialog = ref.current;
    (dialog?.querySelector<HTMLElement>('[data-autofocus]') ?? dialog)?.focus();
    return () => restoreFocus(opener);
  }, [opener]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && onEscape) {
      event.preventDefault();
      event.stopPropagation();
      onEscape();
    } else if (event.key === 'Tab' && ref.current) {
      keepTabInside(ref.current, event);
    }
  };

  return (
    <div className={`modal-backdrop modal-backdrop-${backdrop}`} inert={covered}>
      <div
        ref={ref}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        className={`modal ${className}`}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}

function keepTabInside(dialog: HTMLElement, event: KeyboardEvent): void {
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((item) => !item.closest('[inert]'));
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === dialog)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * Back to what had focus before the dialog opened, unless focus has moved on
 * since (another dialog opened and took it). If that element is gone or out
 * of reach (the lock screen it was on has closed, or is covered), the open
 * dialog left on top takes focus, else the screen's heading.
 */
function restoreFocus(opener: HTMLElement | null): void {
  const active = document.activeElement;
  if (active && active !== document.body) return;
  if (opener?.isConnected && !opener.closest('[inert]')) {
    opener.focus();
    return;
  }
  const open = [...document.querySelectorAll<HTMLElement>('[aria-modal="true"]')].filter((dialog) => !dialog.closest('[inert]')).at(-1);
  (open ?? document.querySelector<HTMLElement>('h1'))?.focus();
}
