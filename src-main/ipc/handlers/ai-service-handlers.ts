import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';

type AiServiceChannel = 'aiService.status' | 'aiService.checkAgain';

export function aiServiceHandlers({ aiService }: AppServices): Pick<HandlerMap, AiServiceChannel> {
  return {
    // Asking also subscribes the window to `aiService.changed`, as `sync.status` does.
    'aiService.status': (_input, context) => {
      aiService.watch(context.caller.windowId);
      return aiService.status();
    },
    'aiService.checkAgain': () => aiService.checkAgain(),
  };
}
