import type { AppServices } from '../../app/app-services';
import type { HandlerMap } from '../handler-types';

export function staffHandlers(services: AppServices): Pick<HandlerMap, 'staff.list' | 'staff.create'> {
  return {
    'staff.list': () => ({ accounts: services.staff.list() }),
    'staff.create': (input) => services.staff.create(input),
  };
}
