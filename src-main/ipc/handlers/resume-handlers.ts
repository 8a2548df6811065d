import type { AppServices } from '../app-services';
import { sessionUser, type HandlerMap } from '../handler-types';

type ResumeChannel = 'resume.upload' | 'resume.listMine' | 'resume.listForReview' | 'feedback.list' | 'feedback.update' | 'feedback.approve' | 'feedback.listFailed' | 'feedback.retry';

export function resumeHandlers(services: AppServices): Pick<HandlerMap, ResumeChannel> {
  const resumes = services.resumes;
  return {
    // Candidates only ever name themselves: the candidate id is the session's, never the input's.
    'resume.upload': (input, context) => resumes.upload(sessionUser(context).id, input.fileName, input.fileBase64),
    'resume.listMine': (_input, context) => ({ resumes: resumes.listMine(sessionUser(context).id) }),
    'resume.listForReview': (input) => ({ resumes: resumes.listForReview(input.status) }),
    'feedback.list': (input) => ({ items: resumes.listFeedback(input.status) }),
    'feedback.update': (input) => resumes.updateFeedback(input.feedbackId, input.feedbackContent),
    'feedback.approve': (input, context) => resumes.approveFeedback(input.feedbackId, sessionUser(context).id),
    'feedback.listFailed': () => ({ items: resumes.listFeedbackFailures() }),
    'feedback.retry': (input) => resumes.retryFeedback(input.resumeId),
  };
}
