import type { AppServices } from '../app-services';
import { sessionUser, type HandlerContext, type HandlerMap } from '../handler-types';

type InterviewChannels =
  | 'interview.getCurrent'
  | 'interview.start'
  | 'interview.speakQuestion'
  | 'interview.answerSegment'
  | 'interview.liveAudio'
  | 'interview.endAnswer'
  | 'interview.typedAnswer'
  | 'interview.reaskQuestion'
  | 'interview.speculate'
  | 'interview.continueAnswer'
  | 'interview.commitAnswer'
  | 'interview.discardAnswer'
  | 'interview.recordIntegrityEvent'
  | 'interview.submit'
  | 'equipment.testSpeaker'
  | 'equipment.practiceQuestion'
  | 'equipment.practiceAnswer';

/** The dispatcher admits only candidates here; the service admits a candidate only to their own interviews. */
function candidateId(context: HandlerContext): string {
  return sessionUser(context).id;
}

export function interviewHandlers(services: AppServices): Pick<HandlerMap, InterviewChannels> {
  const interviews = services.interviews;
  return {
    'interview.getCurrent': async (_input, context) => ({
      interview: await interviews.getCurrent(candidateId(context), context.caller.windowId),
    }),
    'interview.start': (input, context) => interviews.start(candidateId(context), input, context.caller.windowId),
    'interview.speakQuestion': (input, context) => interviews.speakQuestion(candidateId(context), input, context.caller.windowId),
    'interview.answerSegment': async (input, context) => {
      await interviews.addSegment(candidateId(context), input, context.caller.windowId);
      return { accepted: true as const };
    },
    'interview.liveAudio': (input, context) => {
      interviews.addLiveAudio(candidateId(context), input, context.caller.windowId);
      return { accepted: true as const };
    },
    'interview.endAnswer': (input, context) => interviews.endAnswer(candidateId(context), input, context.caller.windowId),
    'interview.typedAnswer': (input, context) => interviews.typedAnswer(candidateId(context), input, context.caller.windowId),
    'interview.reaskQuestion': async (input, context) => ({ interview: await interviews.reaskQuestion(candidateId(context), input, context.caller.windowId) }),
    'interview.speculate': (input, context) => ({ started: interviews.speculate(candidateId(context), input, context.caller.windowId) }),
    'interview.continueAnswer': (input, context) => ({ interview: interviews.continueAnswer(candidateId(context), input, context.caller.windowId) }),
    'interview.commitAnswer': async (input, context) => ({ saved: await interviews.commitAnswer(candidateId(context), input, context.caller.windowId) }),
    'interview.discardAnswer': (input, context) => interviews.discardAnswer(candidateId(context), input),
    'interview.recordIntegrityEvent': (input, context) => {
      interviews.recordIntegrityEvent(candidateId(context), input);
      return { recorded: true as const };
    },
    'interview.submit': (input, context) => {
      const submitted = interviews.submit(candidateId(context), input.interviewId, context.caller.windowId);
      // A kiosk is shared: the candidate who just finished is signed out after a countdown they can see.
      context.endSessionSoon();
      return submitted;
    },
    // Limited per candidate, not per window: signing in again does not reset it.
    'equipment.testSpeaker': (_input, context) => interviews.testSpeaker(candidateId(context), context.caller.windowId),
    'equipment.practiceQuestion': (_input, context) => interviews.askPractice(candidateId(context), context.caller.windowId),
    'equipment.practiceAnswer': (input, context) => interviews.hearPractice(candidateId(context), Buffer.from(input.audioWavBase64, 'base64')),
  };
}
