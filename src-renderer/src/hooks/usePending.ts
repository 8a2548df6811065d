import { useCallback, useRef, useState } from 'react';

/**
 * Runs one async action at a time. The ref guards against a double submit
 * (Enter pressed twice) in the gap before React re-renders the disabled button.
 */
export function usePending(): { pending: boolean; run: (action: () => Promise<void>) => Promise<void> } {
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);
  const run = useCallback(async (action: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    try {
      await action();
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }, []);
  return { pending, run };
}
