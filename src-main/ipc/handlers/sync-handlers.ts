import { AppFailure } from '../../common/app-failure';
import { EnrolmentError } from '../../sync/enrolment/device-enrolment';
import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';

type SyncChannel = 'sync.status' | 'sync.syncNow' | 'sync.dismissRefusals' | 'sync.enrol';

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
    'sync.enrol': async (input, context) => {
      try {
        const enrolled = await sync.enrolment.enrol(input);
        services.logger.info('device enrolled from the admin screen', { by: context.user?.id, deviceId: enrolled.deviceId });
        return enrolled;
      } catch (error) {
        if (!(error instanceof EnrolmentError)) throw error;
        throw new AppFailure(enrolmentErrorCode[error.kind], error.message, error.field ? { [error.field]: error.message } : undefined);
      }
    },
  };
}

/** How each enrolment failure reaches the screen: a person's mistake, a refusal, or something to fix first. */
const enrolmentErrorCode: Record<EnrolmentError['kind'], 'invalid_input' | 'conflict' | 'unavailable' | 'forbidden'> = {
  input: 'invalid_input',
  refused: 'conflict',
  not_open: 'conflict',
  unreachable: 'unavailable',
  unclear: 'unavailable',
  keychain: 'unavailable',
  managed: 'forbidden',
  settings: 'unavailable',
  server: 'unavailable',
};
