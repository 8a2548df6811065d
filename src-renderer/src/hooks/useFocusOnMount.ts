import { useEffect, useRef, type RefObject } from 'react';

/**
 * Moves focus to the element when it first appears, so a screen reader
 * announces the new screen and the next Tab starts from its top.
 */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
