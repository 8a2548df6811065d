import { useEffect, useState } from 'react';
import type { Result } from '../../../shared/ipc/result';

/**
 * A status main pushes to the windows that asked for it (the sync line, the
 * AI service line): asked for once, which subscribes this window, then kept
 * up to date from the event. `ask` and `watch` must be stable (wrap them in
 * useCallback); nothing arrives after the component is gone.
 */
export function useWatchedStatus<T>(
  ask: () => Promise<Result<T>>,
  watch: (listener: (status: T) => void) => () => void,
): { status: T | null; setStatus: (status: T) => void; failure: string | null; setFailure: (failure: string | null) => void } {
  const [status, setStatus] = useState<T | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const stop = watch((next) => {
      if (current) setStatus(next);
    });
    void ask().then((result) => {
      if (!current) return;
      if (result.ok) setStatus(result.data);
      else setFailure(result.error.message);
    });
    return () => {
      current = false;
      stop();
    };
  }, [ask, watch]);

  return { status, setStatus, failure, setFailure };
}
