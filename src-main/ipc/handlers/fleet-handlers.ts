import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';

export function fleetHandlers(services: AppServices): Pick<HandlerMap, 'fleet.devices'> {
  return {
    'fleet.devices': () => services.sync.fleet(),
  };
}
