import type { AppServices } from '../../app/app-services';
import { AppFailure } from '../../common/app-failure';
import type { SessionUser } from '../../../shared/ipc/contract';
import type { HandlerContext, HandlerMap } from '../handler-types';

type ResumeChannel = 'resume.upload' | 'resume.listMine' | 'resume.listForReview' | 'feedback.list' | 'feedback.update' | 'feedback.approve';

/** The dispatcher has already checked the channel's access list; this is the session it checked. */
function userOf(context: HandlerContext): SessionUser {
  if (!context.user) throw new AppFailure('unauthenticated', 'Sign in first.');
  return context.user;
}

export function resumeHandlers(services: AppServices): Pick<HandlerMap, ResumeChannel> {
  const resumes = services.resumes;
  return {
    // Candidates only ever name themselves: the candidate id is the session's, never the input's.
    'resume.upload': (input, context) => resumes.upload(userOf(context).id, input.fileName, input.fileBase64),
    'resume.listMine': (_input, context) => ({ resumes: resumes.listMine(userOf(context).id) }),
    'resume.listForReview': (input) => ({ resumes: resumes.listForReview(input.status) }),
    'feedback.list': (input) => ({ items: resumes.listFeedback(input.status) }),
    'feedback.update': (input) => resumes.updateFeedback(input.feedbackId, input.feedbackContent),
    'feedback.approve': (input, context) => resumes.approveFeedback(input.feedbackId, userOf(context).id),
  };
}
