import type { AppServices } from '../app-services';
import { sessionUser, type HandlerMap } from '../handler-types';

type ErasureChannels = 'erasure.findCandidate' | 'erasure.request' | 'erasure.requestMine' | 'erasure.receipts';

/** The dispatcher admits only admins to the staff channels, and only the candidate to their own request. */
export function erasureHandlers({ erasure }: AppServices): Pick<HandlerMap, ErasureChannels> {
  return {
    'erasure.findCandidate': (input) => ({ candidate: erasure.findCandidate(input.email) }),
    'erasure.request': (input, context) => erasure.requestByAdmin(input, sessionUser(context).id),
    'erasure.requestMine': (_input, context) => erasure.requestByCandidate(sessionUser(context).id),
    'erasure.receipts': () => ({ receipts: erasure.receipts() }),
  };
}
