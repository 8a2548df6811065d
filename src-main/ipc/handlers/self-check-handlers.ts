import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';

type SelfCheckChannel = 'kiosk.selfCheck' | 'kiosk.bankAudio';

export function selfCheckHandlers(services: AppServices): Pick<HandlerMap, SelfCheckChannel> {
  return {
    // Read-only, but it makes one small call to the AI provider and opens one short session with the hosted database.
    'kiosk.selfCheck': () => services.selfCheck.run(),
    // Counted from the speech cache on each call: a few hundred file checks, no network.
    'kiosk.bankAudio': () => services.bankAudio.progress(),
  };
}
