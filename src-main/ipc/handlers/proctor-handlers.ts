import type { AppServices } from '../app-services';
import { sessionUser, type HandlerMap } from '../handler-types';

type ProctorChannels =
  | 'proctor.status'
  | 'proctor.setPin'
  | 'proctor.openSitting'
  | 'proctor.handOver'
  | 'sitting.current'
  | 'sitting.unlock'
  | 'sitting.view'
  | 'sitting.pause'
  | 'sitting.resume'
  | 'sitting.addNote'
  | 'sitting.end'
  | 'sitting.releaseControls';

/** The `sitting.*` controls are public channels: the service answers them only for a signed-in proctor or a window holding the controls after a PIN. */
export function proctorHandlers({ sittings }: AppServices): Pick<HandlerMap, ProctorChannels> {
  return {
    'proctor.status': (_input, context) => sittings.status(sessionUser(context).id),
    'proctor.setPin': async (input, context) => {
      await sittings.setPin(sessionUser(context).id, input.pin);
      return { set: true as const };
    },
    'proctor.openSitting': (input, context) => ({ sitting: sittings.open(sessionUser(context), input) }),
    'proctor.handOver': (_input, context) => {
      sittings.handOver();
      context.endSession();
      return { handedOver: true as const };
    },
    'sitting.current': (_input, context) => ({ sitting: sittings.current(context.caller.windowId) }),
    'sitting.unlock': async (input, context) => ({ sitting: await sittings.unlock(context.caller.windowId, input.pin) }),
    'sitting.view': (_input, context) => ({ sitting: sittings.view(context.caller.windowId, context.user) }),
    'sitting.pause': (_input, context) => ({ sitting: sittings.pause(context.caller.windowId, context.user) }),
    'sitting.resume': (input, context) => ({ sitting: sittings.resume(context.caller.windowId, context.user, input.note) }),
    'sitting.addNote': (input, context) => ({ sitting: sittings.addNote(context.caller.windowId, context.user, input.text) }),
    'sitting.end': (_input, context) => ({ sitting: sittings.end(context.caller.windowId, context.user) }),
    'sitting.releaseControls': (_input, context) => {
      sittings.releaseControls(context.caller.windowId);
      return { released: true as const };
    },
  };
}
