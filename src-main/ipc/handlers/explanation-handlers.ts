import type { AppServices } from '../app-services';
import { sessionUser, type HandlerMap } from '../handler-types';

type ExplanationChannel = 'explanationPack.prepare' | 'explanationPack.exportArchive' | 'explanationPack.status' | 'explanationPack.approve';

export function explanationHandlers({ explanationPacks }: AppServices): Pick<HandlerMap, ExplanationChannel> {
  return {
    'explanationPack.prepare': (input) => explanationPacks.prepare(input.interviewId),
    'explanationPack.exportArchive': (input) => explanationPacks.exportArchive(input.interviewId),
    'explanationPack.status': (input) => explanationPacks.status(input.interviewId),
    // The approver is the session's staff member, never a name from the input.
    'explanationPack.approve': (input, context) => explanationPacks.approve(input.interviewId, input.contentSha256, sessionUser(context).id),
  };
}
