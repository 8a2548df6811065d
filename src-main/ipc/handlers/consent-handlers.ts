import type { AppServices } from '../app-services';
import { sessionUser, type HandlerMap } from '../handler-types';

type ConsentChannels = 'consent.notice' | 'consent.answer' | 'consent.followUps';

/** The dispatcher admits only candidates to the first two: a candidate answers for themselves alone. */
export function consentHandlers({ consent }: AppServices): Pick<HandlerMap, ConsentChannels> {
  return {
    'consent.notice': (input, context) => consent.status(sessionUser(context).id, input.language),
    'consent.answer': (input, context) => consent.answer(sessionUser(context).id, input),
    'consent.followUps': () => ({
      requests: consent.followUps().map((request) => ({
        id: request.id,
        candidateId: request.candidateId,
        candidateName: request.candidateName,
        candidateEmail: request.candidateEmail,
        choice: request.choice as 'decline' | 'accommodation',
        answeredAt: request.answeredAt,
        kioskId: request.kioskId,
      })),
    }),
  };
}
