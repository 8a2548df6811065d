import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';

type SyncChannel = 'sync.status' | 'sync.syncNow' | 'sync.dismissRefusals';

export function syncHandlers(services: AppServices): Pick<HandlerMap, SyncChannel> {
  const sync = services.sync;
  return {
    // Asking for the status also subscribes the window to `sync.changed`.
    'sync.status': (_input, context) => {
      sync.watch(context.caller.windowId);
      return sync.currentStatus();
    },
    'sync.syncNow': () => sync.syncNow(),
    'sync.dismissRefusals': () => sync.dismissRefusals(),
  };
}
