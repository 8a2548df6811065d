import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';

/** The dispatcher admits only recruiters and admins (the channel's access list); the trail holds hashes and ids, no content. */
export function auditHandlers({ auditTrail }: AppServices): Pick<HandlerMap, 'audit.trail'> {
  return {
    'audit.trail': (input) => auditTrail.forInterview(input.interviewId),
  };
}
