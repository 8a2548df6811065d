import { useEffect, useRef } from 'react';
import { isExitSequence } from './exit-sequence';

/**
 * Calls `onPressed` when the exit sequence is pressed anywhere in the
 * window, before any field or dialog sees the keys (capture phase), so
 * nothing the candidate is typing receives them. Off when `enabled` is false.
 */
export function useExitSequence(enabled: boolean, onPressed: () => void): void {
  // The latest callback, without re-adding the listener on every render.
  const latest = useRef(onPressed);
  useEffect(() => {
    latest.current = onPressed;
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      if (!isExitSequence(event)) return;
      event.preventDefault();
      event.stopPropagation();
      latest.current();
    };
    window.addEventListener('keydown', listener, { capture: true });
    return () => window.removeEventListener('keydown', listener, { capture: true });
  }, [enabled]);
}
