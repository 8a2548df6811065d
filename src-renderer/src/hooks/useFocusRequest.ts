import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Focus an element by id once it can take focus. A submit button is disabled
 * while a request is pending, and the browser drops focus from a disabled
 * element; without this, a keyboard user would be thrown back to the top of
 * the page after every error. The request is retried after each render of
 * the calling component until it succeeds, because the target (e.g. that
 * same button) may only become focusable a render later.
 */
export function useFocusRequest(): (id: string) => void {
  const wanted = useRef<string | null>(null);
  const [, setRequests] = useState(0);
  useEffect(() => {
    const id = wanted.current;
    if (!id) return;
    const element = document.getElementById(id);
    if (!element) return;
    element.focus();
    if (document.activeElement === element) wanted.current = null;
  });
  return useCallback((id: string) => {
    wanted.current = id;
    setRequests((count) => count + 1);
  }, []);
}
