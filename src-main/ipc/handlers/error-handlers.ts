import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';

export function errorHandlers(services: AppServices): Pick<HandlerMap, 'errors.report'> {
  return {
    'errors.report': (input, context) => services.rendererErrors.report(input, { windowId: context.caller.windowId, role: context.user?.role ?? null }),
  };
}
