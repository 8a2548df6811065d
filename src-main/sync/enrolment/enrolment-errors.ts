import type { Logger } from '../../logging/logger-types';
import { NetworkError } from '../../providers/network/network-errors';
import type { RedeemRefusal } from './pg-enrolment-redeemer';

/** How one-code enrolment fails on the device, in words that say what happened and what to do. */

export type EnrolmentFailure = 'input' | 'refused' | 'not_open' | 'unreachable' | 'unclear' | 'keychain' | 'managed' | 'settings' | 'server';

/** Says what happened and what to do; `field` is the form field at fault. */
export class EnrolmentError extends Error {
  override name = 'EnrolmentError';
  constructor(
    readonly kind: EnrolmentFailure,
    message: string,
    readonly field?: 'host' | 'code' | 'name',
  ) {
    super(message);
  }
}

/** Words for each refusal the hosted database gives (sync.enrol_with_code). */
export function refusalMessage(refusal: RedeemRefusal): string {
  switch (refusal.reason) {
    case 'invalid':
      return 'That enrolment code is not valid. Check it, or ask IT for a new one.';
    case 'locked':
      return 'That enrolment code was tried wrongly 5 times and is now locked. Ask IT for a new one.';
    case 'used':
      return `That enrolment code was already used (${refusal.usedAt}); each code enrols one device. Ask IT for a new one.`;
    case 'expired':
      return `That enrolment code expired at ${refusal.expiredAt}. Ask IT for a new one.`;
  }
}

const LOGIN_REFUSED = new Set(['28P01', '28000']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P03', '08001', '08006']);

/** Why a connection to the hosted database failed, in words for the admin; logged without anything secret. */
export function connectionFailure(logger: Logger, error: unknown, host: string): EnrolmentError {
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = errorText(error);
  logger.warn('enrolment failed', { host, code, error: message });
  // The proxy or a TLS-inspecting firewall stopped it: its own words say what IT must set.
  if (error instanceof NetworkError) return new EnrolmentError('unreachable', `Cannot reach the hosted database at ${host}: ${message} The code is still unused.`, 'host');
  if (code === '53300') {
    return new EnrolmentError('unreachable', `The hosted database at ${host} is busy with other enrolments (a few at a time). Try again in a minute: the code is still unused.`, 'host');
  }
  if (LOGIN_REFUSED.has(code)) {
    return new EnrolmentError(
      'not_open',
      `The hosted database at ${host} is not taking enrolments now: no code is open there. The code may have expired, or be for another database; check the address, or ask IT for a new code.`,
      'host',
    );
  }
  if (UNREACHABLE.has(code) || /timeout|ECONN|ENOTFOUND|connect/i.test(message)) {
    return new EnrolmentError('unreachable', `Cannot reach the hosted database at ${host} (${message}). Check the address and the network, then try again: the code is still unused.`, 'host');
  }
  if (code === '42883' || code === '3F000') {
    return new EnrolmentError('server', `The hosted database at ${host} cannot enrol with codes yet: IT must update it (npm run cli -- hosted-db migrate).`);
  }
  return new EnrolmentError('server', `The hosted database at ${host} could not enrol this device (${message}). Try again, or ask IT.`);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
