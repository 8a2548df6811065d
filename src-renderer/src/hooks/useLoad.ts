import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../shared/ipc/result';

export type LoadState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: T };

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

/**
 * Loads data for a section. `load` must be stable (wrap it in useCallback).
 * An answer from a superseded load is dropped, so a slow first answer
 * cannot overwrite a newer one.
 */
export function useLoad<T>(load: () => Promise<Result<T>>): {
  state: LoadState<T>;
  /** Load again; keeps showing the current data meanwhile, if there is any. */
  reload: () => void;
  /** A reload is under way while `state` still shows the data from before it. */
  reloading: boolean;
} {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [answered, setAnswered] = useState(-1);

  useEffect(() => {
    let current = true;
    const settle = (next: LoadState<T>) => {
      if (!current) return;
      setState(next);
      setAnswered(attempt);
    };
    load()
      .then((result) => settle(result.ok ? { status: 'ready', data: result.data } : { status: 'error', message: result.error.message }))
      .catch(() => settle({ status: 'error', message: NO_ANSWER }));
    return () => {
      current = false;
    };
  }, [load, attempt]);

  const reload = useCallback(() => {
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    setAttempt((count) => count + 1);
  }, []);

  return { state, reload, reloading: state.status === 'ready' && answered !== attempt };
}
