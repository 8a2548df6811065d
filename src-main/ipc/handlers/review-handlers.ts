import type { AppServices } from '../app-services';
import { sessionUser, type HandlerMap } from '../handler-types';

type ReviewChannel = 'review.list' | 'review.get' | 'review.answerAudio' | 'review.viewed' | 'review.decide' | 'review.retryScoring' | 'review.exportPdf';

export function reviewHandlers(services: AppServices): Pick<HandlerMap, ReviewChannel> {
  const reviews = services.reviews;
  return {
    'review.list': (input) => ({ items: reviews.list(input) }),
    'review.get': (input) => reviews.get(input.interviewId),
    'review.answerAudio': (input) => reviews.answerAudio(input.interviewId, input.messageId),
    'review.viewed': (input, context) => ({ seen: reviews.viewed(input.interviewId, sessionUser(context).id, input.section) }),
    // The decider is the session's staff member, never a name from the input.
    'review.decide': (input, context) => reviews.decide(input.interviewId, sessionUser(context).id, input.decision, input.note),
    'review.retryScoring': (input) => reviews.retryScoring(input.interviewId),
    'review.exportPdf': (input) => reviews.exportPdf(input.interviewId),
  };
}
