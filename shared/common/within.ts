/*
 * shared/ is compiled without DOM or Node types (it runs in both); the timer
 * functions both environments provide are declared here as they are used.
 */
declare const setTimeout: (handler: () => void, ms: number) => unknown;
declare const clearTimeout: (timer: unknown) => void;

/**
 * `promise`'s value, or `fallback` once `ms` have passed without one. The
 * promise itself runs on (its result is ignored); the timer never outlives
 * the race.
 */
export function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: unknown;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
