import type { ErrorCode } from '../../shared/ipc/result';

/**
 * An expected failure a service reports to its caller: the code and message
 * reach the renderer as-is, so the message must say what happened and what
 * to do, and must never contain a secret, a password or a stack trace.
 */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}
